
package io.github.rosettaneurons.rosetta;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.rosettaneurons.data.ImageSource;
import io.github.rosettaneurons.data.Preprocessor;
import io.github.rosettaneurons.data.SourceImage;

/**
 * Real images (a folder or a stack) shown to every model, each preprocessed per
 * its own manifest.
 */
public final class FolderImages implements MiningImages {

	private final ImageSource source;
	private final List<MinedModel> models;

	public FolderImages(ImageSource source, List<MinedModel> models) {
		this.source = source;
		this.models = models;
	}

	@Override
	public int size() {
		return source.size();
	}

	@Override
	public Map<String, Map<String, NDArray>> activations(int first, int count,
		NDManager scope)
	{
		return activations(IntStream.range(first, first + count).toArray(), scope);
	}

	@Override
	public Map<String, Map<String, NDArray>> activations(int[] indices,
		NDManager scope)
	{
		List<SourceImage> images = new ArrayList<>();
		for (int i : indices)
			images.add(source.get(i));
		Map<String, Map<String, NDArray>> result = new LinkedHashMap<>();
		for (MinedModel model : models) {
			NDArray input = new Preprocessor(model.network().manifest()).toBatch(
				scope, images);
			result.put(model.name(), model.network().activations(input, model
				.layers()));
		}
		return result;
	}

	@Override
	public SourceImage image(int index) {
		return source.get(index);
	}

	@Override
	public String describe() {
		return source.describe();
	}
}
