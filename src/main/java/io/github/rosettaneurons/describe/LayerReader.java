
package io.github.rosettaneurons.describe;

import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.ActivationBatches;
import io.github.rosettaneurons.data.ImageSource;
import io.github.rosettaneurons.data.Preprocessor;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;

/**
 * One layer of the target network as Describe-and-Dissect reads it: pooled
 * activations (one value per unit and image, pooled on the engine) and single
 * units' maps. Work runs in per-batch scopes, so memory is one batch.
 */
public final class LayerReader {

	private final Network network;
	private final LayerSpec layer;
	private final LayerSpec pooledLayer;
	private final Pooling pooling;
	private final int batch;
	private final Preprocessor preprocessor;

	public LayerReader(Network network, LayerSpec layer, Pooling pooling,
		int batch)
	{
		if (batch < 1) throw new IllegalArgumentException(
			"Batch size must be at least 1, not " + batch);
		if (pooling == Pooling.CLS && !layer.tokens())
			throw new IllegalArgumentException("Layer '" + layer.name() + "' of " +
				network.name() +
				" is not a transformer token layer; use mean or max pooling.");
		this.network = network;
		this.layer = layer;
		// the class token is dropped when tokens are folded into maps, so CLS
		// pooling reads the raw tokens
		this.pooledLayer = pooling == Pooling.CLS ? new LayerSpec(layer.name(),
			layer.output(), false, 0) : layer;
		this.pooling = pooling;
		this.batch = batch;
		this.preprocessor = new Preprocessor(network.manifest());
	}

	/**
	 * Streams the probing set once and keeps every unit's top {@code k} images.
	 */
	public RunningTopK probe(ImageSource source, int k, Progress progress) {
		RunningTopK[] topK = new RunningTopK[1];
		ActivationBatches.forEach(network, source, List.of(pooledLayer), batch,
			progress, (first, images, activations) -> {
				NDArray pooled = pooling.pool(activations.get(pooledLayer.output()));
				if (topK[0] == null) topK[0] = new RunningTopK((int) pooled.getShape()
					.get(1), k);
				topK[0].add(first, pooled.toFloatArray(), images.size());
			});
		return topK[0];
	}

	/** Pooled activations of {@code images}, row-major (images × units). */
	public float[] pooled(List<SourceImage> images) {
		float[][] parts = new float[(images.size() + batch - 1) / batch][];
		for (int first = 0, part = 0; first < images.size(); first +=
			batch, part++)
		{
			List<SourceImage> slice = images.subList(first, Math.min(first + batch,
				images.size()));
			try (NDManager scope = network.newScope()) {
				Map<String, NDArray> out = network.activations(preprocessor.toBatch(
					scope, slice), List.of(pooledLayer));
				parts[part] = pooling.pool(out.get(pooledLayer.output()))
					.toFloatArray();
			}
		}
		int length = 0;
		for (float[] part : parts)
			length += part.length;
		float[] all = new float[length];
		int offset = 0;
		for (float[] part : parts) {
			System.arraycopy(part, 0, all, offset, part.length);
			offset += part.length;
		}
		return all;
	}

	/**
	 * One unit's maps on {@code images}; null when the layer has no spatial maps
	 * (e.g. a linear layer).
	 */
	public UnitMaps maps(List<SourceImage> images, int unit) {
		float[][] maps = new float[images.size()][];
		int width = 0;
		int height = 0;
		for (int first = 0; first < images.size(); first += batch) {
			List<SourceImage> slice = images.subList(first, Math.min(first + batch,
				images.size()));
			try (NDManager scope = network.newScope()) {
				NDArray out = network.activations(preprocessor.toBatch(scope, slice),
					List.of(layer)).get(layer.output());
				Shape shape = out.getShape();
				if (shape.dimension() != 4) return null;
				height = (int) shape.get(2);
				width = (int) shape.get(3);
				float[] unitMaps = out.get(":, " + unit + ", :, :").toFloatArray();
				int plane = width * height;
				for (int i = 0; i < slice.size(); i++)
					maps[first + i] = java.util.Arrays.copyOfRange(unitMaps, i * plane,
						(i + 1) * plane);
			}
		}
		return new UnitMaps(width, height, maps);
	}

	public String describe() {
		return network.name() + " " + layer.name() + " (" + pooling.key() +
			" pooling)";
	}

	/** A unit's maps, one row-major width × height array per image. */
	public record UnitMaps(int width, int height, float[][] maps) {}
}
