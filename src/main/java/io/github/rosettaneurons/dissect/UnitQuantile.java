
package io.github.rosettaneurons.dissect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.engine.Progress;

/**
 * Each unit's exact quantile of all its activations over the concept set (every
 * image, every position of the layer's own grid), with numpy's default "linear"
 * interpolation between order statistics.
 * <p>
 * Holding a unit's values to sort them does not scale (ResNet-50 layer4 over
 * 1,000 images is 100 M values), so the two order statistics are found by
 * bracketing: each pass over the cached activations counts, on the engine, how
 * many values of each unit exceed {@value #BINS} edges spread evenly (in float
 * order, see {@link #key}) inside the unit's current bracket, and narrows the
 * bracket to the bins that hold the two ranks. Once at most {@value #CAP}
 * values of each bracket lie above the lower rank, a last pass keeps exactly
 * those (a running top-k on the engine) and reads the ranks off. Memory is
 * O(units · CAP) whatever the number of images; a bracket that shrinks to two
 * adjacent floats holds a single value, the answer however often it repeats.
 */
final class UnitQuantile {

	static final int BINS = 64;
	static final int CAP = 4096;
	private static final int MAX_PASSES = 8;
	private static final long COMPARISONS_PER_STEP = 1L << 26;

	private UnitQuantile() {}

	static float[] compute(ActivationCache cache, double level, NDManager parent,
		Progress progress)
	{
		int units = cache.units();
		long n = (long) cache.images() * cache.height() * cache.width();
		if (n == 0) throw new IllegalArgumentException(
			"No activations to take a quantile of.");
		double rank = level * (n - 1);
		long lowRank = (long) Math.floor(rank);
		double fraction = rank - lowRank;
		long highRank = Math.min(lowRank + 1, n - 1);
		// as ranks from the top (0 = largest): the two values lie at these
		// descending positions
		long lowFromTop = n - 1 - lowRank;
		long highFromTop = n - 1 - highRank;

		float[] lo = cache.min();
		float[] hi = cache.max();
		long[] aboveHi = new long[units];
		for (int u = 0; u < units; u++)
			lo[u] = Math.nextDown(lo[u]); // every value lies in (lo, hi]
		for (int pass = 0; pass < MAX_PASSES && !allNarrow(lo, hi, aboveHi,
			lowFromTop); pass++)
		{
			progress.report(pass, MAX_PASSES, "threshold: narrowing pass " + (pass +
				1));
			float[] edges = new float[units * (BINS - 1)];
			for (int u = 0; u < units; u++) {
				long low = key(lo[u]);
				long span = key(hi[u]) - low;
				for (int k = 1; k < BINS; k++)
					edges[u * (BINS - 1) + k - 1] = value(low + span * k / BINS);
			}
			long[] counts = countAbove(cache, edges, parent, progress);
			for (int u = 0; u < units; u++) {
				if (narrow(lo[u], hi[u], aboveHi[u], lowFromTop)) continue;
				for (int k = BINS - 2; k >= 0; k--) {
					float edge = edges[u * (BINS - 1) + k];
					if (edge > lo[u] && edge < hi[u] && counts[u * (BINS - 1) +
						k] > lowFromTop)
					{
						lo[u] = edge;
						break;
					}
				}
				for (int k = 0; k < BINS - 1; k++) {
					float edge = edges[u * (BINS - 1) + k];
					long above = counts[u * (BINS - 1) + k];
					if (edge > lo[u] && edge < hi[u] && above <= highFromTop) {
						hi[u] = edge;
						aboveHi[u] = above;
						break;
					}
				}
			}
		}
		if (!allNarrow(lo, hi, aboveHi, lowFromTop))
			throw new IllegalStateException("The threshold search did not " +
				"converge in " + MAX_PASSES +
				" passes; are there non-finite activations?");
		int keep = 1;
		for (int u = 0; u < units; u++)
			if (!single(lo[u], hi[u])) keep = (int) Math.max(keep, lowFromTop -
				aboveHi[u] + 1);
		float[] largest = largestInBracket(cache, lo, hi, keep, parent, progress);
		float[] thresholds = new float[units];
		for (int u = 0; u < units; u++) {
			boolean single = single(lo[u], hi[u]);
			double low = single ? hi[u] : largest[u * keep + (int) (lowFromTop -
				aboveHi[u])];
			double high = single ? hi[u] : largest[u * keep + (int) (highFromTop -
				aboveHi[u])];
			thresholds[u] = (float) (low + fraction * (high - low));
		}
		return thresholds;
	}

	/**
	 * Whether the values of (lo, hi] down to descending rank {@code lowFromTop}
	 * are few enough to keep.
	 */
	private static boolean narrow(float lo, float hi, long aboveHi,
		long lowFromTop)
	{
		return lowFromTop - aboveHi + 1 <= CAP || single(lo, hi);
	}

	/** Adjacent floats: (lo, hi] holds the single value hi. */
	private static boolean single(float lo, float hi) {
		return key(hi) - key(lo) <= 1;
	}

	private static boolean allNarrow(float[] lo, float[] hi, long[] aboveHi,
		long lowFromTop)
	{
		for (int u = 0; u < lo.length; u++)
			if (!narrow(lo[u], hi[u], aboveHi[u], lowFromTop)) return false;
		return true;
	}

	/**
	 * The float's position in the ordered sequence of all floats; bracketing in
	 * these keys instead of in value splits any bracket, however close to zero or
	 * crowded with ties, down to adjacent floats in ⌈32 / 6⌉ passes.
	 */
	static long key(float value) {
		int bits = Float.floatToIntBits(value);
		return bits >= 0 ? bits : bits ^ 0x7fffffff;
	}

	static float value(long key) {
		int bits = (int) key;
		return Float.intBitsToFloat(bits >= 0 ? bits : bits ^ 0x7fffffff);
	}

	/**
	 * Per unit and edge, how many of the unit's values exceed the edge: (units ×
	 * (BINS − 1)) row-major.
	 */
	private static long[] countAbove(ActivationCache cache, float[] edges,
		NDManager parent, Progress progress)
	{
		int units = cache.units();
		long[] counts = new long[edges.length];
		int step = imagesPerStep(cache, BINS);
		for (int first = 0; first < cache.images(); first += step) {
			progress.checkCancelled();
			try (NDManager scope = parent.newSubManager()) {
				NDArray values = perUnit(cache, scope, first, Math.min(step, cache
					.images() - first));
				NDArray edgeArray = scope.create(edges, new Shape(units, 1, BINS - 1));
				long[] batch = values.expandDims(2).gt(edgeArray).sum(new int[] { 1 })
					.toType(DataType.INT64, false).toLongArray();
				for (int i = 0; i < counts.length; i++)
					counts[i] += batch[i];
			}
		}
		return counts;
	}

	/**
	 * Per unit, its {@code keep} largest values in (lo, hi], descending, padded
	 * with −∞: (units × keep).
	 */
	private static float[] largestInBracket(ActivationCache cache, float[] lo,
		float[] hi, int keep, NDManager parent, Progress progress)
	{
		int units = cache.units();
		int step = imagesPerStep(cache, 4);
		try (NDManager kept = parent.newSubManager()) {
			NDArray largest = kept.full(new Shape(units, keep),
				Float.NEGATIVE_INFINITY);
			NDArray low = kept.create(lo, new Shape(units, 1));
			NDArray high = kept.create(hi, new Shape(units, 1));
			for (int first = 0; first < cache.images(); first += step) {
				progress.checkCancelled();
				try (NDManager scope = parent.newSubManager()) {
					NDArray values = perUnit(cache, scope, first, Math.min(step, cache
						.images() - first));
					NDArray inside = values.gt(low).logicalAnd(values.lte(high));
					NDArray candidates = NDArrays.where(inside, values, scope.full(values
						.getShape(), Float.NEGATIVE_INFINITY));
					NDArray merged = largest.concat(candidates, 1).topK(keep, 1, true,
						true).get(0);
					merged.attach(kept);
					largest.close();
					largest = merged;
				}
			}
			return largest.toFloatArray();
		}
	}

	/**
	 * Images {@code first ..} of the cache as (units, values) on {@code scope}.
	 */
	private static NDArray perUnit(ActivationCache cache, NDManager scope,
		int first, int count)
	{
		return cache.read(scope, first, count).transpose(1, 0, 2, 3).reshape(cache
			.units(), -1);
	}

	private static int imagesPerStep(ActivationCache cache, int factor) {
		long perImage = (long) cache.units() * cache.height() * cache.width() *
			factor;
		return (int) Math.max(1, Math.min(cache.images(), COMPARISONS_PER_STEP /
			perImage));
	}
}
