package io.github.rosettaneurons.rosetta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.BilinearResize;

import java.util.HashMap;
import java.util.Map;

/**
 * Exact correlation of two maps of different sizes, as if both were bilinearly resized (half-pixel) to the larger
 * size, without ever materialising the resized maps. With R the 1-D resize matrices (target × native):
 * Σ up(A)·up(B) = Σ A ⊙ (R_hAᵀ R_hB · B · R_wBᵀ R_wA), computed at A's (smaller) grid, and
 * ‖up(X)‖² = Σ X ⊙ (R_hᵀR_h · X · R_wᵀR_w). The small matrices are built once per size pair and cached.
 */
final class PairResampling {

	private final NDManager manager;
	private final DataType type;
	private final Map<String, NDArray> cache = new HashMap<>();

	PairResampling(NDManager manager, DataType type) {
		this.manager = manager;
		this.type = type;
	}

	/** (to × from) matrix R_toᵀ·R_from for sizes resized to {@code target}; null when it is the identity. */
	NDArray transfer(int to, int from, int target) {
		if (to == target && from == target) return null;
		return cache.computeIfAbsent("P" + to + "/" + from + "/" + target, k -> {
			double[] product = BilinearResize.transposeTimes(BilinearResize.matrix(to, target), target, to,
				BilinearResize.matrix(from, target), from);
			return manager.create(product, new Shape(to, from)).toType(type, false);
		});
	}

	/**
	 * Channel-first maps (C, N, h, w) moved onto an (h', w') grid by transfer matrices (h' × h) and (w' × w), either
	 * null for the identity: two large GEMMs over all maps at once rather than many tiny per-map products.
	 */
	static NDArray apply(NDArray maps, NDArray rows, NDArray columns) {
		Shape shape = maps.getShape();
		long channels = shape.get(0), images = shape.get(1), h = shape.get(2), w = shape.get(3);
		NDArray result = maps;
		if (columns != null) {
			w = columns.getShape().get(0);
			result = result.reshape(channels * images * h, shape.get(3)).matMul(columns.transpose()).reshape(channels, images, h, w);
		}
		if (rows != null) {
			long height = rows.getShape().get(0);
			NDArray byRow = result.transpose(2, 0, 1, 3).reshape(h, channels * images * w);
			NDArray moved = rows.matMul(byRow);
			// an op's result belongs to its first operand's manager: hand it to the maps' (per-batch) scope, or the
			// cached matrices' long-lived manager would keep every batch's result
			moved.attach(maps.getManager());
			result = moved.reshape(height, channels, images, w).transpose(1, 2, 0, 3);
		}
		return result;
	}

	/** ‖up(X)‖² per channel for channel-first maps (C, N, h, w) resized to (targetH, targetW). */
	NDArray resizedSquaredNorms(NDArray maps, int targetH, int targetW) {
		long channels = maps.getShape().get(0);
		int h = (int) maps.getShape().get(2);
		int w = (int) maps.getShape().get(3);
		if (h == targetH && w == targetW) return maps.reshape(channels, -1).square().sum(new int[] {1});
		NDArray gram = apply(maps, transfer(h, h, targetH), transfer(w, w, targetW));
		return maps.mul(gram).reshape(channels, -1).sum(new int[] {1});
	}
}
