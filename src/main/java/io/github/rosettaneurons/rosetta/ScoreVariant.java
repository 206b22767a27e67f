
package io.github.rosettaneurons.rosetta;

/**
 * How pass 2 turns the products of z-scored maps into a score per unit pair.
 */
public enum ScoreVariant {
		/**
		 * Cosine of the z-scored maps over all images at once (default; with global
		 * z-scores ≈ Pearson r).
		 */
		GLOBAL_COSINE,
		/** The reference code's: the mean over batches of each batch's cosine. */
		BATCH_MEAN_COSINE
}
