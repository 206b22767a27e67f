
package io.github.rosettaneurons.spectral;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The reference's RGB view of spectral features: principal components 2–4 of
 * the (N, K) features (the first, which mostly separates foreground strength,
 * is dropped), each min–max scaled to 0–255 over all pixels given.
 */
public final class PcaColours {

	private PcaColours() {}

	/** Packed RGB (0xRRGGBB) per row of {@code features} (N, K). */
	public static int[] of(NDArray features) {
		int k = (int) features.getShape().get(1);
		NDArray centred = features.sub(features.mean(new int[] { 0 }, true));
		SymmetricEigen eigen = new SymmetricEigen(Orthogonalisation.toDoubles(
			centred.transpose().matMul(centred).toFloatArray()), k);
		int components = Math.min(3, k - 1);
		float[] axes = new float[k * 3];
		for (int r = 0; r < k; r++)
			for (int c = 0; c < components; c++)
				axes[r * 3 + c] = (float) eigen.vectors[r * k + c + 1];
		NDArray projected = centred.matMul(features.getManager().create(axes,
			new Shape(k, 3)));
		NDArray low = projected.min(new int[] { 0 }, true);
		NDArray range = projected.max(new int[] { 0 }, true).sub(low).maximum(
			1e-12f);
		// 0xFFFFFF < 2^24, so the packed value is exact in float32.
		NDArray packing = features.getManager().create(new float[] { 65536, 256,
			1 }, new Shape(3, 1));
		return projected.sub(low).div(range).mul(255).round().matMul(packing)
			.reshape(-1).toType(ai.djl.ndarray.types.DataType.INT32, false)
			.toIntArray();
	}
}
