
package io.github.rosettaneurons.dissect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * How a batch's maps become the tally's products: per image, the (image, unit)
 * pairs that can have active pixels and, per pair, its active pixel count and
 * its intersections with each of the image's labels.
 */
interface PairHits {

	/** Receives one image's products. */
	interface Sink {

		/**
		 * @param pairs image × units + unit of each pair, ascending
		 * @param hits (pairs × (1 + the image's labels)), row-major: column 0 the
		 *          pair's active pixels, the others its intersection with the
		 *          image's labels in {@link ConceptBatch#imageColumns} order
		 */
		void accept(int image, int[] pairs, float[] hits);
	}

	/**
	 * Computes the products of {@code maps} (images, units, h, w), binarised at
	 * {@code thresholds} on the masks' grid, and hands them to {@code sink} image
	 * by image.
	 */
	void compute(NDManager scope, NDArray maps, ConceptBatch concepts,
		float[] thresholds, Sink sink);
}
