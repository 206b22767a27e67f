
package io.github.rosettaneurons.describe;

import io.github.rosettaneurons.data.ConceptMasks;

/**
 * Per-label pixel counts of one image's concept masks; an image-level label
 * counts every pixel of the grid.
 */
final class LabelPixels {

	private LabelPixels() {}

	/**
	 * Pixels of each label (index = label number) and, when {@code hot} is given,
	 * how many of them are hot.
	 *
	 * @return {count[maxLabel + 1], hotCount[maxLabel + 1]}
	 */
	static long[][] count(ConceptMasks masks, int maxLabel, boolean[] hot) {
		long[] count = new long[maxLabel + 1];
		long[] hotCount = new long[maxLabel + 1];
		long hotPixels = 0;
		if (hot != null) for (boolean h : hot)
			if (h) hotPixels++;
		for (ConceptMasks.Layer layer : masks.layers()) {
			int[] labels = layer.labels();
			for (int p = 0; p < labels.length; p++) {
				int label = labels[p];
				if (label <= 0 || label > maxLabel) continue;
				count[label]++;
				if (hot != null && hot[p]) hotCount[label]++;
			}
		}
		for (ConceptMasks.ImageLabel label : masks.imageLabels()) {
			if (label.label() <= 0 || label.label() > maxLabel) continue;
			count[label.label()] += masks.pixels();
			hotCount[label.label()] += hotPixels;
		}
		return new long[][] { count, hotCount };
	}
}
