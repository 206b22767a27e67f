
package io.github.rosettaneurons.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * One-dimensional bilinear resampling as a matrix (out × in), with PyTorch's
 * align_corners=False (half-pixel) convention: source = (dst + 0.5)·in/out −
 * 0.5, clamped at 0, the upper neighbour clamped to in − 1. A 2-D resize of a
 * map X (h × w) is R_h · X · R_wᵀ, which lets correlations of resized maps be
 * computed exactly without materialising them.
 */
public final class BilinearResize {

	private BilinearResize() {}

	/** Row-major (out × in) matrix; the identity when out == in. */
	public static double[] matrix(int in, int out) {
		double[] r = new double[out * in];
		if (in == out) {
			for (int i = 0; i < in; i++)
				r[i * in + i] = 1;
			return r;
		}
		double scale = (double) in / out;
		for (int dst = 0; dst < out; dst++) {
			double src = Math.max((dst + 0.5) * scale - 0.5, 0);
			int low = Math.min((int) Math.floor(src), in - 1);
			int high = Math.min(low + 1, in - 1);
			double frac = src - low;
			r[dst * in + low] += 1 - frac;
			r[dst * in + high] += frac;
		}
		return r;
	}

	/**
	 * Maps (n, h, w) resized to (n, toH, toW) as R_h · X · R_wᵀ: two batched
	 * products for all maps at once.
	 */
	public static NDArray resize(NDArray maps, int toH, int toW) {
		Shape shape = maps.getShape();
		int h = (int) shape.get(1), w = (int) shape.get(2);
		NDManager manager = maps.getManager();
		NDArray rows = manager.create(matrix(h, toH), new Shape(toH, h)).toType(maps
			.getDataType(), false);
		NDArray columns = manager.create(matrix(w, toW), new Shape(toW, w)).toType(
			maps.getDataType(), false);
		return rows.matMul(maps).matMul(columns.transpose());
	}

	/** Aᵀ·B for row-major A (k × m) and B (k × n): (m × n). */
	public static double[] transposeTimes(double[] a, int k, int m, double[] b,
		int n)
	{
		double[] c = new double[m * n];
		for (int row = 0; row < k; row++)
			for (int i = 0; i < m; i++) {
				double aValue = a[row * m + i];
				if (aValue == 0) continue;
				for (int j = 0; j < n; j++)
					c[i * n + j] += aValue * b[row * n + j];
			}
		return c;
	}
}
