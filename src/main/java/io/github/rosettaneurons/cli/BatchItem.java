package io.github.rosettaneurons.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * One unit of batch work, the folder it produces and the options that decide its result (recorded in the folder,
 * {@link ItemRecord}). The folder exists only once the item has finished: the work writes into a hidden ".part"
 * folder beside it that is moved into place at the end, so a killed run leaves no half-written result that a
 * later run could mistake for a finished one.
 */
record BatchItem(String step,String name,Path output,Map<String,String>options,Work work){

interface Work {
		void writeInto(Path folder) throws Exception;
	}

	boolean finished() {
		return java.nio.file.Files.isDirectory(output);
	}

	Path partial() {
		return output.resolveSibling("." + output.getFileName() + ".part");
	}
}
