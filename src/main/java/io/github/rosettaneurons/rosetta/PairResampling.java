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

	/** {@code maps} (N, C, h, w) moved onto an (h', w') grid by the transfer matrices (either may be null). */
	static NDArray apply(NDArray maps, NDArray rows, NDArray columns) {
		NDArray result = rows == null ? maps : rows.matMul(maps);
		return columns == null ? result : result.matMul(columns.transpose());
	}

	/** ‖up(X)‖² per channel for maps (N, C, h, w) resized to (targetH, targetW). */
	NDArray resizedSquaredNorms(NDArray maps, int targetH, int targetW) {
		int h = (int) maps.getShape().get(2);
		int w = (int) maps.getShape().get(3);
		NDArray gram = apply(maps, transfer(h, h, targetH), transfer(w, w, targetW));
		return maps.mul(gram).sum(new int[] {0, 2, 3});
	}
}
