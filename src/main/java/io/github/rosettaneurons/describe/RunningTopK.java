
package io.github.rosettaneurons.describe;

import java.util.Arrays;

/**
 * The K largest values of every unit over a stream of batches, with the images
 * they came from. Memory is units × K whatever the number of images; on ties
 * the earlier image stays ahead.
 */
public final class RunningTopK {

	private final int units;
	private final int k;
	private final float[] values;
	private final int[] images;
	private final int[] counts;

	public RunningTopK(int units, int k) {
		if (units < 1 || k < 1) throw new IllegalArgumentException(
			"Need at least one unit and K ≥ 1 (got " + units + " units, K = " + k +
				")");
		this.units = units;
		this.k = k;
		values = new float[units * k];
		images = new int[units * k];
		counts = new int[units];
	}

	/**
	 * Adds a batch of pooled activations, row-major (batch × units), for images
	 * {@code firstImage ...}.
	 */
	public void add(int firstImage, float[] pooled, int batch) {
		if (pooled.length != batch * units) throw new IllegalArgumentException(
			"Expected " + batch + " × " + units + " pooled values, got " +
				pooled.length);
		for (int b = 0; b < batch; b++)
			for (int unit = 0; unit < units; unit++)
				offer(unit, pooled[b * units + unit], firstImage + b);
	}

	private void offer(int unit, float value, int image) {
		int base = unit * k;
		int count = counts[unit];
		if (count == k && !(value > values[base + k - 1])) return;
		int position = Math.min(count, k - 1);
		while (position > 0 && value > values[base + position - 1]) {
			values[base + position] = values[base + position - 1];
			images[base + position] = images[base + position - 1];
			position--;
		}
		values[base + position] = value;
		images[base + position] = image;
		if (count < k) counts[unit]++;
	}

	public int units() {
		return units;
	}

	/** Indices of the unit's top images, best first. */
	public int[] images(int unit) {
		return Arrays.copyOfRange(images, unit * k, unit * k + counts[unit]);
	}

	/** The unit's top values, best first. */
	public float[] values(int unit) {
		return Arrays.copyOfRange(values, unit * k, unit * k + counts[unit]);
	}
}
