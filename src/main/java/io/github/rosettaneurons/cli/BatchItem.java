package io.github.rosettaneurons.cli;

import java.nio.file.Path;

/**
 * One unit of batch work and the folder it produces. The folder exists only once the item has finished: the
 * work writes into a hidden ".part" folder beside it that is moved into place at the end, so a killed run leaves
 * no half-written result that a later run could mistake for a finished one.
 */
record BatchItem(String step, String name, Path output, Work work) {

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
