
package io.github.rosettaneurons.dissect;

import java.util.Arrays;

/**
 * Per unit, the images with the highest spatial maximum so far (as the
 * reference picks its report images).
 */
final class TopImages {

	private final int keep;
	private final float[][] values;
	private final int[][] images;
	private final int[] filled;

	TopImages(int units, int keep) {
		this.keep = keep;
		values = new float[units][keep];
		images = new int[units][keep];
		filled = new int[units];
	}

	/**
	 * Offers the per-image maxima (images × units, row-major) of images
	 * {@code first ..}.
	 */
	void offer(int first, float[] maxima, int count) {
		int units = values.length;
		for (int i = 0; i < count; i++)
			for (int u = 0; u < units; u++)
				insert(u, first + i, maxima[i * units + u]);
	}

	private void insert(int unit, int image, float value) {
		float[] top = values[unit];
		int size = filled[unit];
		if (size == keep && (keep == 0 || value <= top[keep - 1])) return;
		int at = Math.min(size, keep - 1);
		while (at > 0 && top[at - 1] < value) {
			top[at] = top[at - 1];
			images[unit][at] = images[unit][at - 1];
			at--;
		}
		top[at] = value;
		images[unit][at] = image;
		filled[unit] = Math.min(size + 1, keep);
	}

	/** Per unit, the image indices, highest maximum first. */
	int[][] result() {
		int[][] result = new int[values.length][];
		for (int u = 0; u < values.length; u++)
			result[u] = Arrays.copyOf(images[u], filled[u]);
		return result;
	}
}
