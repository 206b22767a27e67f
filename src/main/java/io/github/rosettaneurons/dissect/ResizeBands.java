
package io.github.rosettaneurons.dissect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.rosettaneurons.data.BilinearResize;

/**
 * One axis of a bilinear enlargement split into bands: runs of consecutive
 * output samples that interpolate between the same one or two source samples
 * (low and high; equal where the edge is clamped), with each sample's two
 * weights.
 */
final class ResizeBands {

	final int count;
	final int[] start;
	final int[] length;
	final int[] low;
	final int[] high;
	/** Per band, per sample of it, the weight of low and of high. */
	final double[][] lowWeight;
	final double[][] highWeight;

	private ResizeBands(List<int[]> bands, List<double[]> lows,
		List<double[]> highs)
	{
		count = bands.size();
		start = new int[count];
		length = new int[count];
		low = new int[count];
		high = new int[count];
		lowWeight = lows.toArray(double[][]::new);
		highWeight = highs.toArray(double[][]::new);
		for (int b = 0; b < count; b++) {
			start[b] = bands.get(b)[0];
			length[b] = bands.get(b)[1];
			low[b] = bands.get(b)[2];
			high[b] = bands.get(b)[3];
		}
	}

	/** The bands of enlarging {@code in} samples to {@code out} (in < out). */
	static ResizeBands enlarging(int in, int out) {
		if (in >= out) throw new IllegalArgumentException("Not an enlargement: " +
			in + " to " + out);
		double[] matrix = BilinearResize.matrix(in, out);
		List<int[]> bands = new ArrayList<>();
		List<double[]> lows = new ArrayList<>();
		List<double[]> highs = new ArrayList<>();
		int first = 0;
		while (first < out) {
			int[] support = support(matrix, first, in);
			int end = first + 1;
			while (end < out && Arrays.equals(support(matrix, end, in), support))
				end++;
			double[] lowWeights = new double[end - first];
			double[] highWeights = new double[end - first];
			for (int y = first; y < end; y++) {
				lowWeights[y - first] = matrix[y * in + support[0]];
				if (support[1] != support[0]) highWeights[y - first] = matrix[y * in +
					support[1]];
			}
			bands.add(new int[] { first, end - first, support[0], support[1] });
			lows.add(lowWeights);
			highs.add(highWeights);
			first = end;
		}
		return new ResizeBands(bands, lows, highs);
	}

	/** {first, last} source sample with a non-zero weight in output row y. */
	private static int[] support(double[] matrix, int y, int in) {
		int first = -1, last = -1;
		for (int x = 0; x < in; x++)
			if (matrix[y * in + x] != 0) {
				if (first < 0) first = x;
				last = x;
			}
		if (last - first > 1) throw new IllegalStateException(
			"A bilinear sample mixes more than two neighbours");
		return new int[] { first, last };
	}
}
