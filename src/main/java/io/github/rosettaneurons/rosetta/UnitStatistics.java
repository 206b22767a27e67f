
package io.github.rosettaneurons.rosetta;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;

/**
 * Pass 1 of mining: per-unit sums of every layer of every model over a range of
 * images.
 */
public final class UnitStatistics {

	final Map<String, Map<String, LayerStatistics>> models =
		new LinkedHashMap<>();

	/**
	 * Adds one batch of every model's layers; returns model → layer → each
	 * image's per-unit sums.
	 */
	Map<String, Map<String, ImageSums>> add(
		Map<String, Map<String, NDArray>> activations)
	{
		Map<String, Map<String, ImageSums>> sums = new LinkedHashMap<>();
		activations.forEach((model, layers) -> layers.forEach((layer, maps) -> sums
			.computeIfAbsent(model, k -> new LinkedHashMap<>()).put(layer, models
				.computeIfAbsent(model, k -> new LinkedHashMap<>()).computeIfAbsent(
					layer, k -> new LayerStatistics((int) maps.getShape().get(1))).add(
						maps))));
		return sums;
	}

	LayerStatistics layer(String model, String layer) {
		Map<String, LayerStatistics> layers = models.get(model);
		LayerStatistics stats = layers == null ? null : layers.get(layer);
		if (stats == null) throw new IllegalArgumentException("No statistics for " +
			model + " " + layer +
			"; the statistics were collected for other models or layers.");
		return stats;
	}

	/** Per-unit mean of a layer. */
	public double[] mean(String model, String layer, StdVariant variant) {
		return layer(model, layer).mean(variant);
	}

	/** Per-unit standard deviation of a layer. */
	public double[] std(String model, String layer, StdVariant variant) {
		return layer(model, layer).std(variant);
	}

	void merge(UnitStatistics other) {
		if (!models.keySet().equals(other.models.keySet()))
			throw new IllegalArgumentException(
				"Statistics shards cover different models: " + models.keySet() +
					" and " + other.models.keySet());
		models.forEach((model, layers) -> layers.forEach((layer, stats) -> stats
			.merge(other.layer(model, layer))));
	}

	void write(DataOutputStream out) throws IOException {
		out.writeInt(models.size());
		for (var model : models.entrySet()) {
			out.writeUTF(model.getKey());
			out.writeInt(model.getValue().size());
			for (var layer : model.getValue().entrySet()) {
				out.writeUTF(layer.getKey());
				layer.getValue().write(out);
			}
		}
	}

	static UnitStatistics read(DataInputStream in) throws IOException {
		UnitStatistics stats = new UnitStatistics();
		int modelCount = in.readInt();
		for (int m = 0; m < modelCount; m++) {
			Map<String, LayerStatistics> layers = stats.models.computeIfAbsent(in
				.readUTF(), k -> new LinkedHashMap<>());
			int layerCount = in.readInt();
			for (int l = 0; l < layerCount; l++)
				layers.put(in.readUTF(), LayerStatistics.read(in));
		}
		return stats;
	}
}
