
package io.github.rosettaneurons.describe;

import java.util.Arrays;
import java.util.Locale;

/**
 * How candidate concepts are ranked by the activations of their concept images
 * (docs/describe.md). Every variant first computes a rank statistic S_c of the
 * concept's images in the global descending order (lower is better) and its
 * ordinal R_c = N_c − position (best N_c, worst 1).
 */
public enum Scoring {

		/**
		 * The reference's final score R_c × W_c: TopK Squared Mean ordinal times
		 * the image similarity W_c.
		 */
		TOPK_COMPARE,
		/** The TopK Squared Mean ordinal R_c alone (no image similarity). */
		TOPK_SQ_MEAN,
		/** Ordinal of the mean rank. */
		MEAN,
		/** Ordinal of the mean squared rank. */
		SQ_MEAN,
		/** Ordinal of the median rank. */
		MEDIAN;

	/**
	 * The reference's β: TopK Squared Mean averages the squares of the concept's
	 * 5 best ranks.
	 */
	public static final int BETA = 5;

	public static Scoring parse(String text) {
		try {
			return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("Unknown scoring '" + text +
				"'. Use topk_compare, topk_sq_mean, mean, " + "sq_mean or median.", e);
		}
	}

	public boolean usesImageSimilarity() {
		return this == TOPK_COMPARE;
	}

	/**
	 * S_c of 0-based ranks sorted ascending; infinite (worst) for a concept
	 * without images.
	 */
	double statistic(int[] sortedRanks) {
		if (sortedRanks.length == 0) return Double.POSITIVE_INFINITY;
		switch (this) {
			case TOPK_COMPARE:
			case TOPK_SQ_MEAN:
				return Arrays.stream(sortedRanks).limit(BETA).mapToDouble(
					r -> (double) r * r).average().orElseThrow();
			case MEAN:
				return Arrays.stream(sortedRanks).average().orElseThrow();
			case SQ_MEAN:
				return Arrays.stream(sortedRanks).mapToDouble(r -> (double) r * r)
					.average().orElseThrow();
			case MEDIAN: {
				int n = sortedRanks.length;
				return n % 2 == 1 ? sortedRanks[n / 2] : (sortedRanks[n / 2 - 1] +
					sortedRanks[n / 2]) / 2.0;
			}
			default:
				throw new IllegalStateException(name());
		}
	}

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}
}
