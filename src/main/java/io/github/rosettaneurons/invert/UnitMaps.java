
package io.github.rosettaneurons.invert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.BilinearResize;
import io.github.rosettaneurons.rosetta.StdVariant;
import io.github.rosettaneurons.rosetta.UnitStatistics;

/**
 * Tensor operations on the maps of a few units of one layer, (P, h, w): picking
 * them out of a layer's output, z-scoring and bilinear resizing. Results attach
 * to the manager of the first operand (the maps), so callers scope them by
 * scoping the maps.
 */
final class UnitMaps {

	private static final float EPSILON = 1e-5f;

	private UnitMaps() {}

	/**
	 * Channels {@code units} of a layer output (1, C, h, w) as (P, h, w);
	 * differentiable (a one-hot product).
	 */
	static NDArray select(NDArray layer, int[] units) {
		Shape shape = layer.getShape();
		int channels = (int) shape.get(1);
		float[] oneHot = new float[units.length * channels];
		for (int p = 0; p < units.length; p++)
			oneHot[p * channels + units[p]] = 1;
		NDArray picker = layer.getManager().create(oneHot, new Shape(units.length,
			channels));
		return picker.matMul(layer.reshape(channels, shape.get(2) * shape.get(3)))
			.reshape(units.length, shape.get(2), shape.get(3));
	}

	/**
	 * The reference's z-score (a − mean) / (std + 1e-5) with the mining run's
	 * per-unit statistics ({@code moments} = {mean, std}); with none, each map is
	 * z-scored over its own pixels.
	 */
	static NDArray standardise(NDArray maps, float[][] moments) {
		Shape shape = maps.getShape();
		NDManager manager = maps.getManager();
		if (moments == null) {
			NDArray flat = maps.reshape(shape.get(0), -1);
			NDArray centred = flat.sub(flat.mean(new int[] { 1 }, true));
			return centred.div(centred.square().mean(new int[] { 1 }, true).sqrt()
				.add(EPSILON)).reshape(shape);
		}
		Shape perUnit = new Shape(shape.get(0), 1, 1);
		NDArray mean = manager.create(moments[0], perUnit);
		NDArray std = manager.create(moments[1], perUnit);
		return maps.sub(mean).div(std.add(EPSILON));
	}

	/**
	 * {mean, std} of {@code units} of a layer (its output key) from mining
	 * statistics, or null without them.
	 */
	static float[][] moments(UnitStatistics statistics, String model,
		String layerOutput, int[] units)
	{
		if (statistics == null) return null;
		double[] mean = statistics.mean(model, layerOutput, StdVariant.GLOBAL);
		double[] std = statistics.std(model, layerOutput, StdVariant.GLOBAL);
		float[][] moments = new float[2][units.length];
		for (int p = 0; p < units.length; p++) {
			moments[0][p] = (float) mean[units[p]];
			moments[1][p] = (float) std[units[p]];
		}
		return moments;
	}

	/**
	 * Bilinear resize (half-pixel, as PyTorch's align_corners=False) of (P, h, w)
	 * maps to (P, height, width).
	 */
	static NDArray resize(NDArray maps, int height, int width) {
		Shape shape = maps.getShape();
		int h = (int) shape.get(1);
		int w = (int) shape.get(2);
		if (h == height && w == width) return maps;
		NDManager manager = maps.getManager();
		NDArray rows = manager.create(BilinearResize.matrix(h, height), new Shape(
			height, h)).toType(maps.getDataType(), false);
		NDArray columns = manager.create(BilinearResize.matrix(w, width), new Shape(
			width, w)).toType(maps.getDataType(), false);
		return maps.matMul(columns.transpose()).transpose(0, 2, 1).matMul(rows
			.transpose()).transpose(0, 2, 1);
	}
}
