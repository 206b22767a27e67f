
package io.github.rosettaneurons.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ij.process.FloatProcessor;
import io.github.rosettaneurons.data.ImageSource;
import io.github.rosettaneurons.data.SourceImage;

/**
 * Deterministic RGB test images of any size for benchmarks: a few seeded blobs
 * of colour on a gradient, so that activations vary in space as they do on real
 * images.
 */
final class SyntheticImages implements ImageSource {

	private final int count;
	private final int size;
	private final long seed;

	SyntheticImages(int count, int size, long seed) {
		this.count = count;
		this.size = size;
		this.seed = seed;
	}

	@Override
	public int size() {
		return count;
	}

	@Override
	public SourceImage get(int index) {
		Random random = new Random(seed * 1_000_003L + index);
		List<FloatProcessor> channels = new ArrayList<>();
		double[][] blobs = new double[4][];
		for (int b = 0; b < blobs.length; b++)
			blobs[b] = new double[] { random.nextDouble() * size, random
				.nextDouble() * size, size * (0.05 + 0.15 * random.nextDouble()) };
		for (int c = 0; c < 3; c++) {
			float[] pixels = new float[size * size];
			double[] weights = { random.nextDouble(), random.nextDouble(), random
				.nextDouble(), random.nextDouble() };
			double tilt = random.nextDouble();
			for (int y = 0; y < size; y++)
				for (int x = 0; x < size; x++) {
					double value = 0.3 * tilt * (x + y) / (2.0 * size);
					for (int b = 0; b < blobs.length; b++) {
						double dx = x - blobs[b][0], dy = y - blobs[b][1];
						value += weights[b] * Math.exp(-(dx * dx + dy * dy) / (2 *
							blobs[b][2] * blobs[b][2]));
					}
					pixels[y * size + x] = (float) Math.min(value, 1);
				}
			channels.add(new FloatProcessor(size, size, pixels));
		}
		return new SourceImage("synthetic " + index, channels);
	}

	@Override
	public String describe() {
		return count + " synthetic " + size + " px images (seed " + seed + ")";
	}
}
