
package io.github.rosettaneurons.rosetta;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Tracked during the mining pass: per unit of every layer, the
 * {@value #PER_UNIT} images with the highest mean activation. A neuron's
 * example is then searched only among its units' candidates, which needs a
 * forward pass of those few images instead of all of them.
 */
public final class ExampleCandidates {

	public static final int PER_UNIT = 4;

	/**
	 * model \t layer → per unit, PER_UNIT image indices (or -1) and their mean
	 * activations.
	 */
	private final Map<String, int[]> images = new HashMap<>();
	private final Map<String, double[]> means = new HashMap<>();

	/** Offers the images {@code firstImage ..} of one batch of one layer. */
	void add(String model, String layer, int firstImage, ImageSums batch) {
		String key = model + "\t" + layer;
		int[] best = images.computeIfAbsent(key, k -> filled(new int[batch.units() *
			PER_UNIT], -1));
		double[] value = means.computeIfAbsent(key, k -> {
			double[] v = new double[batch.units() * PER_UNIT];
			Arrays.fill(v, Double.NEGATIVE_INFINITY);
			return v;
		});
		for (int c = 0; c < batch.units(); c++)
			for (int i = 0; i < batch.images(); i++) {
				double mean = batch.sums()[i * batch.units() + c] / batch.pixels();
				int lowest = c * PER_UNIT;
				for (int k = lowest + 1; k < (c + 1) * PER_UNIT; k++)
					if (value[k] < value[lowest]) lowest = k;
				if (mean > value[lowest]) {
					value[lowest] = mean;
					best[lowest] = firstImage + i;
				}
			}
	}

	private static int[] filled(int[] array, int value) {
		Arrays.fill(array, value);
		return array;
	}

	/**
	 * Adds the candidate images of one unit (layer by output key) to
	 * {@code into}.
	 */
	void collect(String model, String layer, int unit, TreeSet<Integer> into) {
		int[] best = images.get(model + "\t" + layer);
		if (best == null) throw new IllegalArgumentException(
			"No example candidates for " + model + " " + layer);
		for (int k = unit * PER_UNIT; k < (unit + 1) * PER_UNIT; k++)
			if (best[k] >= 0) into.add(best[k]);
	}
}
