
package io.github.rosettaneurons.rosetta;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * Best buddies of one score table under a {@link BuddyRule}: for each anchor
 * unit (row), its accepted partner with the highest score, or -1. Scores must
 * be positive and at least the minimum correlation; ties go to the lower index.
 */
public final class BestBuddies {

	private BestBuddies() {}

	/** Partner column per row, or -1. */
	public static int[] partners(ScoreTable table, MiningOptions options) {
		int rows = table.rows().size();
		int columns = table.columns().size();
		double[] t = table.scores();
		int[] rowBest = new int[rows];
		for (int i = 0; i < rows; i++)
			rowBest[i] = argmax(t, i * columns, 1, columns);
		int[] partner = new int[rows];
		Arrays.fill(partner, -1);
		switch (options.rule()) {
			case STRICT_MUTUAL: {
				int[] columnBest = new int[columns];
				for (int j = 0; j < columns; j++)
					columnBest[j] = argmax(t, j, columns, rows);
				for (int i = 0; i < rows; i++)
					if (columnBest[rowBest[i]] == i) partner[i] = rowBest[i];
				break;
			}
			case RELAXED_TOP_N: {
				double[] columnThreshold = columnKthLargest(t, rows, columns, options
					.topN());
				for (int i = 0; i < rows; i++)
					if (t[i * columns + rowBest[i]] >= columnThreshold[rowBest[i]])
						partner[i] = rowBest[i];
				break;
			}
			case MUTUAL_TOP_K: {
				double[] columnThreshold = columnKthLargest(t, rows, columns, options
					.topK());
				for (int i = 0; i < rows; i++) {
					double rowThreshold = kthLargest(t, i * columns, 1, columns, options
						.topK());
					int best = -1;
					for (int j = 0; j < columns; j++) {
						double v = t[i * columns + j];
						if (v >= rowThreshold && v >= columnThreshold[j] && (best < 0 ||
							v > t[i * columns + best])) best = j;
					}
					partner[i] = best;
				}
				break;
			}
			default:
				throw new IllegalStateException(options.rule().name());
		}
		for (int i = 0; i < rows; i++) {
			if (partner[i] < 0) continue;
			double v = t[i * columns + partner[i]];
			if (!(v > 0) || v < options.minCorrelation()) partner[i] = -1;
		}
		return partner;
	}

	private static int argmax(double[] t, int start, int stride, int count) {
		int best = 0;
		for (int k = 1; k < count; k++)
			if (t[start + k * stride] > t[start + best * stride]) best = k;
		return best;
	}

	private static double kthLargest(double[] t, int start, int stride, int count,
		int k)
	{
		PriorityQueue<Double> largest = new PriorityQueue<>();
		for (int n = 0; n < count; n++) {
			largest.add(t[start + n * stride]);
			if (largest.size() > k) largest.poll();
		}
		return largest.peek();
	}

	private static double[] columnKthLargest(double[] t, int rows, int columns,
		int k)
	{
		double[] threshold = new double[columns];
		for (int j = 0; j < columns; j++)
			threshold[j] = kthLargest(t, j, columns, rows, k);
		return threshold;
	}
}
