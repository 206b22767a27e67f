
package io.github.rosettaneurons.spectral;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Seeded k-means (k-means++ start, Lloyd iterations, best of a few starts) with
 * distances as GEMMs on the engine, and the silhouette score that picks k.
 */
public final class KMeans {

	private static final int STARTS = 4;
	private static final int ITERATIONS = 60;
	private static final int SILHOUETTE_POINTS = 2048;

	/**
	 * A clustering: centres (k, D) in the points' manager, a label per point and
	 * the summed squared distance.
	 */
	public record Clustering(NDArray centres, int[] labels, double inertia) {}

	private KMeans() {}

	/** Clusters the rows of {@code points} (N, D) into {@code k} groups. */
	public static Clustering fit(NDArray points, int k, long seed) {
		long n = points.getShape().get(0);
		if (k < 1 || k > n) throw new IllegalArgumentException("Cannot make " + k +
			" clusters of " + n + " points.");
		Random random = new Random(seed);
		Clustering best = null;
		for (int start = 0; start < STARTS; start++) {
			Clustering candidate = lloyd(points, plusPlus(points, k, random));
			if (best == null || candidate.inertia() < best.inertia()) best =
				candidate;
		}
		return best;
	}

	/** Labels of each point's nearest centre. */
	public static int[] assign(NDArray points, NDArray centres) {
		return squaredDistances(points, centres).argMin(1).toType(DataType.INT32,
			false).toIntArray();
	}

	private static NDArray squaredDistances(NDArray points, NDArray centres) {
		NDArray pointNorms = points.square().sum(new int[] { 1 }, true);
		NDArray centreNorms = centres.square().sum(new int[] { 1 }, true)
			.transpose();
		return pointNorms.sub(points.matMul(centres.transpose()).mul(2)).add(
			centreNorms).maximum(0);
	}

	private static NDArray plusPlus(NDArray points, int k, Random random) {
		long n = points.getShape().get(0);
		NDArray centres = row(points, random.nextInt((int) n));
		for (int c = 1; c < k; c++) {
			float[] nearest = squaredDistances(points, centres).min(new int[] { 1 })
				.toFloatArray();
			double total = 0;
			for (float d : nearest)
				total += d;
			long pick = random.nextInt((int) n);
			if (total > 0) {
				double target = random.nextDouble() * total;
				double running = 0;
				for (int i = 0; i < nearest.length; i++) {
					running += nearest[i];
					if (running >= target) {
						pick = i;
						break;
					}
				}
			}
			centres = centres.concat(row(points, pick));
		}
		return centres;
	}

	private static Clustering lloyd(NDArray points, NDArray initial) {
		NDManager manager = points.getManager();
		int k = (int) initial.getShape().get(0);
		NDArray centres = initial;
		int[] labels = null;
		for (int iteration = 0; iteration < ITERATIONS; iteration++) {
			NDArray nearest = squaredDistances(points, centres).argMin(1);
			int[] next = nearest.toType(DataType.INT32, false).toIntArray();
			if (labels != null && java.util.Arrays.equals(labels, next)) break;
			labels = next;
			NDArray members = nearest.oneHot(k, DataType.FLOAT32);
			NDArray counts = members.sum(new int[] { 0 }).reshape(k, 1);
			NDArray sums = members.transpose().matMul(points);
			// An emptied cluster keeps its old centre.
			NDArray empty = counts.eq(0).toType(DataType.FLOAT32, false);
			centres = sums.div(counts.maximum(1)).mul(empty.neg().add(1)).add(centres
				.mul(empty));
		}
		double inertia = squaredDistances(points, centres).min(new int[] { 1 })
			.sum().getFloat();
		return new Clustering(centres, labels, inertia);
	}

	/**
	 * Mean silhouette (b − a)/max(a, b) of a labelling, over at most 2048 evenly
	 * spaced points; points alone in their cluster score 0, as in scikit-learn.
	 */
	public static double silhouette(NDArray points, int[] labels, int k) {
		long n = points.getShape().get(0);
		int stride = (int) Math.max(1, (n + SILHOUETTE_POINTS - 1) /
			SILHOUETTE_POINTS);
		int m = (int) ((n + stride - 1) / stride);
		long[] chosen = new long[m];
		int[] sampleLabels = new int[m];
		for (int i = 0; i < m; i++) {
			chosen[i] = (long) i * stride;
			sampleLabels[i] = labels[i * stride];
		}
		try (NDManager scope = points.getManager().newSubManager()) {
			NDArray sample = points.get(scope, new ai.djl.ndarray.index.NDIndex("{}",
				scope.create(chosen)));
			NDArray distances = squaredDistances(sample, sample).sqrt();
			NDArray members = scope.create(sampleLabels).oneHot(k, DataType.FLOAT32);
			float[] sums = distances.matMul(members).toFloatArray();
			float[] counts = members.sum(new int[] { 0 }).toFloatArray();
			double total = 0;
			for (int i = 0; i < m; i++) {
				int own = sampleLabels[i];
				if (counts[own] <= 1) continue;
				double a = sums[i * k + own] / (counts[own] - 1);
				double b = Double.POSITIVE_INFINITY;
				for (int c = 0; c < k; c++)
					if (c != own && counts[c] > 0) b = Math.min(b, sums[i * k + c] /
						counts[c]);
				if (Double.isInfinite(b)) continue;
				total += (b - a) / Math.max(Math.max(a, b), 1e-12);
			}
			return total / m;
		}
	}

	private static NDArray row(NDArray points, long index) {
		return points.get(index + ":" + (index + 1));
	}
}
