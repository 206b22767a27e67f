
package io.github.rosettaneurons.dissect;

/** How the tally binarises maps on the masks' grid. */
public enum TallyKernel {
		/**
		 * Only the cells of the mask grid that can be active, each cell row's
		 * active run found in float64 ({@link CellHits}), where the masks enlarge
		 * the maps at least four-fold; whole upsampled maps elsewhere.
		 */
		AUTOMATIC,
		/**
		 * Whole upsampled maps in float32 everywhere ({@link DenseHits}), what
		 * benchmarks compare with.
		 */
		DENSE
}
