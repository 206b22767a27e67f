
package io.github.rosettaneurons.spectral;

import java.util.List;

/**
 * How much of a grouping is position ("where") and how much is objects
 * ("what"): R² of each grid cell's x and y regressed linearly on the
 * eigenvectors, and the mean IoU of the segments against ground-truth classes
 * with each segment decoded to the class most of its pixels belong to (oracle
 * decoding). {@code pooled} fits one regression and one decoding over all
 * images (dataset mode, where eigenvectors and segments are shared); otherwise
 * each image gets its own and the scores are combined over images.
 */
public final class PathwayScores {

	private static final double RIDGE = 1e-9;

	private PathwayScores() {}

	/**
	 * R² of x and of y (grid cell centres) predicted from [1, eigenvectors]: {x,
	 * y}; the mean over images unless pooled.
	 */
	public static double[] positionR2(List<ImageGrouping> groupings,
		boolean pooled)
	{
		if (pooled) return positionR2(groupings);
		double[] sum = new double[2];
		for (ImageGrouping grouping : groupings) {
			double[] r2 = positionR2(List.of(grouping));
			sum[0] += r2[0];
			sum[1] += r2[1];
		}
		return new double[] { sum[0] / groupings.size(), sum[1] / groupings
			.size() };
	}

	private static double[] positionR2(List<ImageGrouping> groupings) {
		int k = groupings.get(0).channels();
		int terms = k + 1;
		double[][] normal = new double[terms][terms];
		double[][] moments = new double[2][terms];
		double[] sum = new double[2];
		double[] squares = new double[2];
		long rows = 0;
		double[] row = new double[terms];
		for (ImageGrouping grouping : groupings) {
			int width = grouping.gridWidth();
			int plane = width * grouping.gridHeight();
			for (int cell = 0; cell < plane; cell++) {
				row[0] = 1;
				for (int c = 0; c < k; c++)
					row[c + 1] = grouping.eigenvectors()[c * plane + cell];
				double[] target = { (cell % width + 0.5) / width, (cell / width + 0.5) /
					grouping.gridHeight() };
				for (int i = 0; i < terms; i++) {
					for (int j = 0; j < terms; j++)
						normal[i][j] += row[i] * row[j];
					for (int t = 0; t < 2; t++)
						moments[t][i] += row[i] * target[t];
				}
				for (int t = 0; t < 2; t++) {
					sum[t] += target[t];
					squares[t] += target[t] * target[t];
				}
				rows++;
			}
		}
		double[] r2 = new double[2];
		for (int t = 0; t < 2; t++) {
			double[] beta = solve(normal, moments[t]);
			// residual sum of squares from the normal equations: Σt² − 2βᵀAᵀt +
			// βᵀAᵀAβ
			double fitted = 0;
			double explained = 0;
			for (int i = 0; i < terms; i++) {
				fitted += beta[i] * moments[t][i];
				for (int j = 0; j < terms; j++)
					explained += beta[i] * normal[i][j] * beta[j];
			}
			double residual = squares[t] - 2 * fitted + explained;
			double total = squares[t] - sum[t] * sum[t] / rows;
			r2[t] = total <= 0 ? 0 : 1 - residual / total;
		}
		return r2;
	}

	/**
	 * (M + εI)β = b by Gaussian elimination with partial pivoting; M is small ((K
	 * + 1)²).
	 */
	static double[] solve(double[][] matrix, double[] rhs) {
		int n = rhs.length;
		double[][] a = new double[n][n + 1];
		for (int i = 0; i < n; i++) {
			System.arraycopy(matrix[i], 0, a[i], 0, n);
			a[i][i] += RIDGE;
			a[i][n] = rhs[i];
		}
		for (int col = 0; col < n; col++) {
			int pivot = col;
			for (int r = col + 1; r < n; r++)
				if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
			double[] swap = a[col];
			a[col] = a[pivot];
			a[pivot] = swap;
			for (int r = 0; r < n; r++) {
				if (r == col || a[col][col] == 0) continue;
				double factor = a[r][col] / a[col][col];
				for (int c = col; c <= n; c++)
					a[r][c] -= factor * a[col][c];
			}
		}
		double[] x = new double[n];
		for (int i = 0; i < n; i++)
			x[i] = a[i][i] == 0 ? 0 : a[i][n] / a[i][i];
		return x;
	}

	/**
	 * Mean IoU over the classes present in {@code truth} (per image: a class
	 * 0..classes−1 for every image pixel, row-major, 0 = background),
	 * intersections and unions summed over all images, after decoding every
	 * segment to its majority class (per image, or over all images when pooled).
	 */
	public static double meanIou(List<ImageGrouping> groupings, List<int[]> truth,
		int classes, boolean pooled)
	{
		int images = groupings.size();
		int[][] decoded = new int[images][];
		if (pooled) {
			int[] shared = majority(groupings, truth, classes, 0, images);
			java.util.Arrays.fill(decoded, shared);
		}
		else for (int image = 0; image < images; image++)
			decoded[image] = majority(groupings, truth, classes, image, image + 1);
		long[] intersection = new long[classes];
		long[] union = new long[classes];
		for (int image = 0; image < images; image++) {
			int[] labels = groupings.get(image).labels();
			int[] actual = truth.get(image);
			for (int i = 0; i < labels.length; i++) {
				int predicted = decoded[image][labels[i]];
				union[actual[i]]++;
				if (predicted == actual[i]) intersection[predicted]++;
				else union[predicted]++;
			}
		}
		double sum = 0;
		int present = 0;
		for (int c = 0; c < classes; c++) {
			if (union[c] == 0) continue;
			sum += (double) intersection[c] / union[c];
			present++;
		}
		return sum / present;
	}

	/**
	 * The class most pixels of each segment belong to, over images first..end−1.
	 */
	private static int[] majority(List<ImageGrouping> groupings,
		List<int[]> truth, int classes, int first, int end)
	{
		long[][] votes = new long[groupings.get(first).segments()][classes];
		for (int image = first; image < end; image++) {
			int[] labels = groupings.get(image).labels();
			int[] actual = truth.get(image);
			if (labels.length != actual.length) throw new IllegalArgumentException(
				"Image " + groupings.get(image).name() + " has " + labels.length +
					" pixels but its mask " + actual.length +
					"; masks must match the image size.");
			for (int i = 0; i < labels.length; i++)
				votes[labels[i]][actual[i]]++;
		}
		int[] decoded = new int[votes.length];
		for (int s = 0; s < votes.length; s++)
			for (int c = 1; c < classes; c++)
				if (votes[s][c] > votes[s][decoded[s]]) decoded[s] = c;
		return decoded;
	}
}
