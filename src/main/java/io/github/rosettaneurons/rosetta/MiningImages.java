
package io.github.rosettaneurons.rosetta;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.rosettaneurons.data.SourceImage;

/**
 * The images every model sees during mining, addressed by index so that each
 * pass (and each shard) reads the same images: generator samples by seed, or a
 * folder of real images.
 */
public interface MiningImages {

	int size();

	/**
	 * Activations of images {@code first .. first + count - 1}: model name →
	 * layer output key → (B, C, h, w), created in {@code scope}.
	 */
	Map<String, Map<String, NDArray>> activations(int first, int count,
		NDManager scope);

	/**
	 * Activations of the images at {@code indices}, in that order (as
	 * {@link #activations(int, int, NDManager)}); by default runs of consecutive
	 * indices are computed together and joined.
	 */
	default Map<String, Map<String, NDArray>> activations(int[] indices,
		NDManager scope)
	{
		List<Map<String, Map<String, NDArray>>> runs = new ArrayList<>();
		for (int start = 0, end; start < indices.length; start = end) {
			for (end = start + 1; end < indices.length &&
				indices[end] == indices[end - 1] + 1;)
				end++;
			runs.add(activations(indices[start], end - start, scope));
		}
		if (runs.size() == 1) return runs.get(0);
		Map<String, Map<String, NDArray>> joined = new LinkedHashMap<>();
		runs.get(0).forEach((model, layers) -> layers.forEach((layer, maps) -> {
			NDList parts = new NDList();
			for (Map<String, Map<String, NDArray>> run : runs)
				parts.add(run.get(model).get(layer));
			joined.computeIfAbsent(model, k -> new LinkedHashMap<>()).put(layer,
				NDArrays.concat(parts, 0));
		}));
		return joined;
	}

	/** Image {@code index} itself, as shown to the user (values in [0, 1]). */
	SourceImage image(int index);

	String describe();
}
