
package io.github.rosettaneurons.rosetta;

/** How pass 1 turns activations into each unit's standard deviation. */
public enum StdVariant {
		/**
		 * The exact standard deviation over every value of every image (default).
		 */
		GLOBAL,
		/**
		 * The reference code's: square root of the mean of within-batch (unbiased)
		 * variances, means averaged per batch.
		 */
		BATCH_AVERAGED
}
