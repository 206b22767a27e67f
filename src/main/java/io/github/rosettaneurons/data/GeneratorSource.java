
package io.github.rosettaneurons.data;

import java.util.List;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.engine.GeneratorSpec;
import io.github.rosettaneurons.engine.Network;

/**
 * Samples of a generator as an image source. Sample i's latent is drawn from
 * its own seeded stream, so it is the same whatever the batch or the order of
 * reading; its class is {@code fixedClass}, or i modulo the number of classes
 * when that is negative.
 */
public final class GeneratorSource implements ImageSource {

	private static final long SAMPLE_STRIDE = 0x9E3779B97F4A7C15L;

	private final Network generator;
	private final GeneratorSpec spec;
	private final long seed;
	private final int count;
	private final int fixedClass;

	public GeneratorSource(Network generator, long seed, int count,
		int fixedClass)
	{
		this.spec = generator.manifest().generator();
		if (spec == null) throw new IllegalArgumentException("'" + generator
			.name() + "' is not a generator.");
		if (count < 1) throw new IllegalArgumentException(
			"Ask for at least one sample, not " + count);
		if (fixedClass >= Math.max(spec.numClasses(), 1))
			throw new IllegalArgumentException("Class " + fixedClass +
				" does not exist; '" + generator.name() + "' has " + spec.numClasses() +
				" classes.");
		this.generator = generator;
		this.seed = seed;
		this.count = count;
		this.fixedClass = fixedClass;
	}

	/** Latent vectors (B, latentSize) for samples first .. first + n - 1. */
	public float[] latents(int first, int n) {
		float[] z = new float[n * spec.latentSize()];
		for (int i = 0; i < n; i++) {
			Random random = new Random(seed + (first + i) * SAMPLE_STRIDE);
			for (int j = 0; j < spec.latentSize(); j++)
				z[i * spec.latentSize() + j] = (float) random.nextGaussian();
		}
		return z;
	}

	public long classOf(int index) {
		return fixedClass >= 0 ? fixedClass : spec.conditional() ? index % spec
			.numClasses() : 0;
	}

	@Override
	public int size() {
		return count;
	}

	@Override
	public SourceImage get(int index) {
		try (NDManager scope = generator.newScope()) {
			NDArray z = scope.create(latents(index, 1), new Shape(1, spec
				.latentSize()));
			NDArray y = scope.create(new long[] { classOf(index) });
			NDArray image = generator.generate(z, y, List.of()).image();
			return toSourceImage("sample " + index, image);
		}
	}

	/**
	 * A generated (1, C, H, W) image mapped from the generator's range to [0, 1].
	 */
	SourceImage toSourceImage(String name, NDArray image) {
		return SourceImage.ofChannelsFirst(name, spec.toUnitRange(image)
			.toFloatArray(), image.getShape().getShape());
	}

	@Override
	public String describe() {
		return count + " samples of generator '" + generator.name() + "' (seed " +
			seed + ")";
	}
}
