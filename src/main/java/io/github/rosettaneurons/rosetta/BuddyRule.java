
package io.github.rosettaneurons.rosetta;

/** When an anchor unit and another model's unit count as best buddies. */
public enum BuddyRule {
		/**
		 * Each is the other's highest-scoring unit (the paper's pairwise notebooks
		 * and inversion).
		 */
		STRICT_MUTUAL,
		/**
		 * The reference model-zoo rule: the other unit is the anchor unit's top-1,
		 * and the anchor unit is among the other unit's top-n (n = {@code topN}, 5
		 * in the reference); several anchor units may share one buddy.
		 */
		RELAXED_TOP_N,
		/**
		 * Symmetric mutual top-K (the follow-up work): each is in the other's top K
		 * ({@code topK}, default 10).
		 */
		MUTUAL_TOP_K
}
