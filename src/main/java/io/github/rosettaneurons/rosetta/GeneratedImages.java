
package io.github.rosettaneurons.rosetta;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.GeneratorSource;
import io.github.rosettaneurons.data.Preprocessor;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.GeneratorSpec;

/**
 * The paper's setting: the anchor is a generator, its seeded samples are the
 * only images, and each sample is fed (mapped from the generator's range to [0,
 * 1], resized and normalised per manifest) to every other model.
 */
public final class GeneratedImages implements MiningImages {

	private final MinedModel generator;
	private final List<MinedModel> others;
	private final GeneratorSource samples;
	private final GeneratorSpec spec;

	public GeneratedImages(MinedModel generator, List<MinedModel> others,
		long seed, int count, int fixedClass)
	{
		this.generator = generator;
		this.others = others;
		this.samples = new GeneratorSource(generator.network(), seed, count,
			fixedClass);
		this.spec = generator.network().manifest().generator();
	}

	@Override
	public int size() {
		return samples.size();
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
		int count = indices.length;
		float[] latents = new float[count * spec.latentSize()];
		long[] classes = new long[count];
		for (int i = 0; i < count; i++) {
			System.arraycopy(samples.latents(indices[i], 1), 0, latents, i * spec
				.latentSize(), spec.latentSize());
			classes[i] = samples.classOf(indices[i]);
		}
		NDArray z = scope.create(latents, new Shape(count, spec.latentSize()));
		var output = generator.network().generate(z, scope.create(classes),
			generator.layers());
		Map<String, Map<String, NDArray>> result = new LinkedHashMap<>();
		result.put(generator.name(), output.activations());
		NDArray unitRange = output.image().toType(DataType.FLOAT32, false).sub(spec
			.imageMin()).div(spec.imageMax() - spec.imageMin());
		for (MinedModel other : others) {
			NDArray input = new Preprocessor(other.network().manifest()).fromTensor(
				scope, unitRange);
			result.put(other.name(), other.network().activations(input, other
				.layers()));
		}
		return result;
	}

	@Override
	public SourceImage image(int index) {
		return samples.get(index);
	}

	@Override
	public String describe() {
		return samples.describe();
	}
}
