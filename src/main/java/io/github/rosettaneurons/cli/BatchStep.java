
package io.github.rosettaneurons.cli;

import java.util.List;

/**
 * A kind of batch work (extract, mine, ...) over the input folder: its items,
 * and what it holds open meanwhile.
 */
interface BatchStep extends AutoCloseable {

	String name();

	List<BatchItem> items();

	/**
	 * Releases what the items shared (loaded networks); called once all items
	 * have run.
	 */
	@Override
	void close();
}
