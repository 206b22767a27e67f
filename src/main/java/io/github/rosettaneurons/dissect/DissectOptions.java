package io.github.rosettaneurons.dissect;

/**
 * Settings of a dissection; {@link #defaults()} follows NetDissect-Lite (see docs/dissect.md). Which concept
 * categories are scored is chosen when the concept set is opened ({@code BrodenDataset.open}).
 *
 * @param layers comma-separated layer names; blank for all layers of the package
 * @param quantile top fraction of a unit's activations that counts as "on" (0.005)
 * @param levelRule how the threshold's quantile level follows from {@code quantile}
 * @param union how images where a category is not labelled count in a unit's union with that category
 * @param iouThreshold best IoU from which a unit counts as interpretable (inclusive, 0.04)
 * @param topImages top-activating images per unit in the report (0: no image strips)
 * @param batchSize images per forward pass and per tally step
 */
public record DissectOptions(String layers,double quantile,LevelRule levelRule,UnionMode union,double iouThreshold,int topImages,int batchSize){/**
																																																																								 * The
																																																																								 * threshold's
																																																																								 * quantile
																																																																								 * level.
																																																																								 */
public enum LevelRule {
		/**
		 * As the reference reads its 1000-point quantile table: index int(1000(1 −
		 * q) − 1) of 0..999 (994/999).
		 */
		REFERENCE,
		/** Exactly 1 − q. */
		EXACT
}

/**
 * Which of a unit's active pixels count in its union with a category, per
 * image.
 */
public enum UnionMode {

		/**
		 * NetDissect-Lite: those of images where the unit's active pixels touch a
		 * label of the category.
		 */
		LITE,
		/**
		 * Original NetDissect (the paper): those of images that have any label of
		 * the category.
		 */
		ORIGINAL

	}

	public DissectOptions{if(!(quantile>0&&quantile<1))throw new IllegalArgumentException("The quantile must be in (0, 1), not "+quantile+" (0.005 keeps each unit's top 0.5 % of activations).");if(batchSize<1)throw new IllegalArgumentException("Batch size must be at least 1, not "+batchSize);if(topImages<0)throw new IllegalArgumentException("Top images must be 0 or more, not "+topImages);}

	public static DissectOptions defaults() {
		return new DissectOptions("", 0.005, LevelRule.REFERENCE, UnionMode.LITE,
			0.04, 10, 8);
	}

	/**
	 * The quantile level of the per-unit threshold: 994/999 for the default
	 * quantile 0.005.
	 */
	public double level() {
		if (levelRule == LevelRule.EXACT) return 1 - quantile;
		return Math.max(0, (int) (1000 * (1 - quantile) - 1)) / 999.0; // truncated
																																		// in double
																																		// arithmetic,
																																		// as
																																		// Python's
																																		// int()
	}

	public DissectOptions withLayers(String value) {
		return new DissectOptions(value, quantile, levelRule, union, iouThreshold,
			topImages, batchSize);
	}

	public DissectOptions withQuantile(double value, LevelRule rule) {
		return new DissectOptions(layers, value, rule, union, iouThreshold,
			topImages, batchSize);
	}

	public DissectOptions withUnion(UnionMode value) {
		return new DissectOptions(layers, quantile, levelRule, value, iouThreshold,
			topImages, batchSize);
	}

	public DissectOptions withIouThreshold(double value) {
		return new DissectOptions(layers, quantile, levelRule, union, value,
			topImages, batchSize);
	}

	public DissectOptions withTopImages(int value) {
		return new DissectOptions(layers, quantile, levelRule, union, iouThreshold,
			value, batchSize);
	}

	public DissectOptions withBatchSize(int value) {
		return new DissectOptions(layers, quantile, levelRule, union, iouThreshold,
			topImages, value);
	}
}
