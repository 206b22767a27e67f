
package io.github.rosettaneurons.spectral;

/**
 * Eigen-decomposition of a small symmetric matrix (K×K, K up to a few hundred)
 * by cyclic Jacobi rotations, in double precision. Large matrices never come
 * here: they are reduced to a K×K Gram on the engine first.
 */
final class SymmetricEigen {

	/** Eigenvalues in decreasing order. */
	final double[] values;
	/** Row-major n×n; column i is the unit eigenvector of values[i]. */
	final double[] vectors;

	SymmetricEigen(double[] symmetric, int n) {
		double[] a = symmetric.clone();
		double[] v = new double[n * n];
		for (int i = 0; i < n; i++)
			v[i * n + i] = 1;
		for (int sweep = 0; sweep < 100; sweep++) {
			double off = 0;
			double total = 0;
			for (int i = 0; i < n; i++)
				for (int j = 0; j < n; j++) {
					total += a[i * n + j] * a[i * n + j];
					if (i != j) off += a[i * n + j] * a[i * n + j];
				}
			if (off <= 1e-26 * Math.max(total, Double.MIN_NORMAL)) break;
			for (int p = 0; p < n - 1; p++)
				for (int q = p + 1; q < n; q++)
					rotate(a, v, n, p, q);
		}
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++)
			order[i] = i;
		java.util.Arrays.sort(order, (i, j) -> Double.compare(a[j * n + j], a[i *
			n + i]));
		values = new double[n];
		vectors = new double[n * n];
		for (int c = 0; c < n; c++) {
			values[c] = a[order[c] * n + order[c]];
			for (int r = 0; r < n; r++)
				vectors[r * n + c] = v[r * n + order[c]];
		}
	}

	private static void rotate(double[] a, double[] v, int n, int p, int q) {
		double apq = a[p * n + q];
		if (apq == 0) return;
		double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
		double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta +
			1));
		if (theta == 0) t = 1;
		double c = 1 / Math.sqrt(t * t + 1);
		double s = t * c;
		for (int k = 0; k < n; k++) {
			double akp = a[k * n + p];
			double akq = a[k * n + q];
			a[k * n + p] = c * akp - s * akq;
			a[k * n + q] = s * akp + c * akq;
		}
		for (int k = 0; k < n; k++) {
			double apk = a[p * n + k];
			double aqk = a[q * n + k];
			a[p * n + k] = c * apk - s * aqk;
			a[q * n + k] = s * apk + c * aqk;
		}
		for (int k = 0; k < n; k++) {
			double vkp = v[k * n + p];
			double vkq = v[k * n + q];
			v[k * n + p] = c * vkp - s * vkq;
			v[k * n + q] = s * vkp + c * vkq;
		}
	}

	/** The eigenvectors as a float row-major matrix. */
	float[] vectorsAsFloats() {
		float[] result = new float[vectors.length];
		for (int i = 0; i < vectors.length; i++)
			result[i] = (float) vectors[i];
		return result;
	}
}
