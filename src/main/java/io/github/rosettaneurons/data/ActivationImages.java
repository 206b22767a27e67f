
package io.github.rosettaneurons.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;

/**
 * Activation maps gathered into ImgLib2 images with axes (x, y, unit, image): a
 * (B, C, h, w) tensor in PyTorch's row-major order is already laid out as
 * ImgLib2's (x, y, c, b), so batches are copied whole.
 */
public final class ActivationImages {

	/**
	 * Images per forward pass unless the user says otherwise (Extract
	 * Activations, the CLI's extract).
	 */
	public static final int DEFAULT_BATCH = 8;

	private ActivationImages() {}

	/**
	 * All maps of {@code layers} for every image of {@code source}, one image per
	 * layer.
	 */
	public static Map<String, ArrayImg<FloatType, FloatArray>> extract(
		Network network, ImageSource source, List<LayerSpec> layers, int batchSize,
		Progress progress)
	{
		Map<String, float[]> data = new LinkedHashMap<>();
		Map<String, Shape> shapes = new LinkedHashMap<>();
		ActivationBatches.forEach(network, source, layers, batchSize, progress, (
			first, images, activations) -> {
			for (LayerSpec layer : layers) {
				NDArray maps = activations.get(layer.output());
				Shape shape = maps.getShape();
				if (shape.dimension() != 4) throw new IllegalArgumentException(
					"Layer '" + layer.name() + "' of " + network.name() +
						" gives shape " + shape +
						"; only (batch, units, h, w) maps can be shown as images.");
				int perImage = (int) (shape.size() / shape.get(0));
				float[] all = data.computeIfAbsent(layer.output(),
					k -> new float[perImage * source.size()]);
				shapes.putIfAbsent(layer.output(), shape);
				System.arraycopy(maps.toFloatArray(), 0, all, first * perImage,
					perImage * images.size());
			}
		});
		Map<String, ArrayImg<FloatType, FloatArray>> result = new LinkedHashMap<>();
		for (LayerSpec layer : layers) {
			Shape shape = shapes.get(layer.output());
			result.put(layer.output(), ArrayImgs.floats(data.get(layer.output()),
				shape.get(3), shape.get(2), shape.get(1), source.size()));
		}
		return result;
	}
}
