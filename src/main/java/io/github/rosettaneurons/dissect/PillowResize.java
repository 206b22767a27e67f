
package io.github.rosettaneurons.dissect;

import io.github.rosettaneurons.data.BilinearResize;

/**
 * One axis of Pillow's BILINEAR resize of a float ("F" mode) image as an (out ×
 * in) matrix, the resampling NetDissect-Lite applies to activation maps.
 * Enlarging, Pillow's triangle filter is plain half-pixel bilinear
 * interpolation with edge clamping ({@link BilinearResize}); shrinking, it
 * widens the triangle to the scale factor and averages (antialiasing), which
 * plain bilinear sampling does not.
 */
public final class PillowResize {

	private PillowResize() {}

	/**
	 * Row-major (out × in) weights; a 2-D resize of X (h × w) is R_h · X · R_wᵀ.
	 */
	public static double[] matrix(int in, int out) {
		if (in <= out) return BilinearResize.matrix(in, out);
		double scale = (double) in / out;
		double[] r = new double[out * in];
		for (int dst = 0; dst < out; dst++) {
			double centre = (dst + 0.5) * scale;
			// Pillow's window: C casts truncate, then clip to the image
			int first = Math.max((int) (centre - scale + 0.5), 0);
			int end = Math.min((int) (centre + scale + 0.5), in);
			double total = 0;
			for (int x = first; x < end; x++)
				total += triangle((x - centre + 0.5) / scale);
			for (int x = first; x < end; x++)
				r[dst * in + x] = triangle((x - centre + 0.5) / scale) / total;
		}
		return r;
	}

	private static double triangle(double x) {
		double distance = Math.abs(x);
		return distance < 1 ? 1 - distance : 0;
	}
}
