
package io.github.rosettaneurons.rosetta;

import java.util.HashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.BilinearResize;

/**
 * Exact correlation of two maps of different sizes, as if both were bilinearly
 * resized (half-pixel) to the larger size, without ever materialising the
 * resized maps. With R the 1-D resize matrices (target × native): Σ up(A)·up(B)
 * = Σ A ⊙ (R_hAᵀ R_hB · B · R_wBᵀ R_wA), computed at A's (smaller) grid, and
 * ‖up(X)‖² = Σ X ⊙ (R_hᵀR_h · X · R_wᵀR_w) and Σ up(X) = Σ X ⊙ (1ᵀR_h)ᵀ(1ᵀR_w).
 * The small matrices are built once per size combination and cached.
 */
final class PairResampling {

	private final NDManager manager;
	private final DataType type;
	private final Map<String, NDArray[]> cache = new HashMap<>();
	private final Map<String, NDArray> pixelWeights = new HashMap<>();

	PairResampling(NDManager manager, DataType type) {
		this.manager = manager;
		this.type = type;
	}

	/**
	 * Maps (X, Y, h, w) — any two leading axes — moved onto a (toH, toW) grid by
	 * R_toᵀR_from per axis, with both grids resized to (targetH, targetW): for
	 * toH = h, toW = w this is the Gram operator of the resize.
	 */
	NDArray move(NDArray maps, int toH, int toW, int targetH, int targetW) {
		Shape shape = maps.getShape();
		int h = (int) shape.get(2), w = (int) shape.get(3);
		if (h == targetH && w == targetW && toH == targetH && toW == targetW)
			return maps;
		NDArray[] operator = cache.computeIfAbsent(h + "x" + w + ">" + toH + "x" +
			toW + "@" + targetH + "x" + targetW, k -> operator(h, w, toH, toW,
				targetH, targetW));
		// two large GEMMs over all maps at once (columns, then rows) rather than
		// many tiny per-map products
		long leading = shape.get(0) * shape.get(1);
		NDArray result = maps.reshape(leading * h, w).matMul(operator[1]).reshape(
			leading, h, toW);
		NDArray byRow = result.transpose(1, 0, 2).reshape(h, leading * toW);
		NDArray moved = operator[0].matMul(byRow);
		// an op's result belongs to its first operand's manager: hand it to the
		// maps' (per-batch) scope, or the
		// cached matrices' long-lived manager would keep every batch's result
		moved.attach(maps.getManager());
		return moved.reshape(toH, shape.get(0), shape.get(1), toW).transpose(1, 2,
			0, 3);
	}

	/** {P_h (toH × h), P_wᵀ (w × toW)}. */
	private NDArray[] operator(int h, int w, int toH, int toW, int targetH,
		int targetW)
	{
		double[] rows = transfer(toH, h, targetH);
		double[] columns = transfer(toW, w, targetW);
		double[] columnsTransposed = new double[w * toW];
		for (int j = 0; j < toW; j++)
			for (int l = 0; l < w; l++)
				columnsTransposed[l * toW + j] = columns[j * w + l];
		return new NDArray[] { manager.create(rows, new Shape(toH, h)).toType(type,
			false), manager.create(columnsTransposed, new Shape(w, toW)).toType(type,
				false) };
	}

	/** (to × from) matrix R_toᵀ·R_from for sizes resized to {@code target}. */
	private static double[] transfer(int to, int from, int target) {
		return BilinearResize.transposeTimes(BilinearResize.matrix(to, target),
			target, to, BilinearResize.matrix(from, target), from);
	}

	/**
	 * ‖up(X)‖² per channel for channel-first maps (C, N, h, w) resized to
	 * (targetH, targetW).
	 */
	NDArray resizedSquaredNorms(NDArray maps, int targetH, int targetW) {
		long channels = maps.getShape().get(0);
		int h = (int) maps.getShape().get(2);
		int w = (int) maps.getShape().get(3);
		if (h == targetH && w == targetW) return maps.reshape(channels, -1).square()
			.sum(new int[] { 1 });
		return maps.mul(move(maps, h, w, targetH, targetW)).reshape(channels, -1)
			.sum(new int[] { 1 });
	}

	/**
	 * Σ up(X) per channel for channel-first maps (C, N, h, w) resized to
	 * (targetH, targetW).
	 */
	NDArray resizedSums(NDArray maps, int targetH, int targetW) {
		long channels = maps.getShape().get(0);
		int h = (int) maps.getShape().get(2);
		int w = (int) maps.getShape().get(3);
		NDArray perPixel = maps.sum(new int[] { 1 }).reshape(channels, (long) h *
			w);
		if (h == targetH && w == targetW) return perPixel.sum(new int[] { 1 });
		NDArray weights = pixelWeights.computeIfAbsent(h + "x" + w + "@" + targetH +
			"x" + targetW, k -> {
				double[] rows = columnSums(BilinearResize.matrix(h, targetH), h);
				double[] columns = columnSums(BilinearResize.matrix(w, targetW), w);
				double[] outer = new double[h * w];
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++)
						outer[y * w + x] = rows[y] * columns[x];
				return manager.create(outer, new Shape((long) h * w, 1)).toType(type,
					false);
			});
		return perPixel.matMul(weights).reshape(channels);
	}

	/**
	 * How much each input sample weighs in the sum of a row-major (out × in)
	 * resize matrix's outputs.
	 */
	private static double[] columnSums(double[] matrix, int in) {
		double[] sums = new double[in];
		for (int k = 0; k < matrix.length; k++)
			sums[k % in] += matrix[k];
		return sums;
	}
}
