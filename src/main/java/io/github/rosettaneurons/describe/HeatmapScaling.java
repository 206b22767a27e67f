
package io.github.rosettaneurons.describe;

/** How a unit's float map becomes the 8-bit heatmap that Otsu thresholds. */
public enum HeatmapScaling {

		/**
		 * The reference's conversion: byte(activation × 255), here clamped to
		 * 0..255 (activations of 1 or more saturate).
		 */
		CLAMPED,
		/**
		 * Each map min–max normalised to 0..255, so the threshold adapts to the
		 * unit's own range.
		 */
		MIN_MAX;

	public static HeatmapScaling parse(String text) {
		try {
			return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT).replace('-',
				'_'));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("Unknown heatmap scaling '" + text +
				"'. Use min_max or clamped.", e);
		}
	}

	/** The map's values as 8-bit levels. */
	byte[] toLevels(float[] map) {
		float min = Float.POSITIVE_INFINITY;
		float max = Float.NEGATIVE_INFINITY;
		for (float v : map) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		float offset = this == CLAMPED ? 0 : min;
		float scale = this == CLAMPED ? 255 : max > min ? 255 / (max - min) : 0;
		byte[] levels = new byte[map.length];
		for (int i = 0; i < map.length; i++)
			levels[i] = (byte) Math.round(Math.max(0, Math.min(255, (map[i] -
				offset) * scale)));
		return levels;
	}
}
