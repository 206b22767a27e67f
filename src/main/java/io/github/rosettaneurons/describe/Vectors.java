
package io.github.rosettaneurons.describe;

/**
 * Small vector helpers for embeddings (a few rows of a few hundred values; the
 * large products run on the engine).
 */
final class Vectors {

	private Vectors() {}

	static float[] normalised(float[] v) {
		double norm = 0;
		for (float x : v)
			norm += x * (double) x;
		norm = Math.sqrt(norm);
		float[] out = new float[v.length];
		if (norm == 0) return out;
		for (int i = 0; i < v.length; i++)
			out[i] = (float) (v[i] / norm);
		return out;
	}

	/** Row-major (a.length × b.length) dot products of the rows of a and b. */
	static float[] dots(float[][] a, float[][] b) {
		float[] out = new float[a.length * b.length];
		for (int i = 0; i < a.length; i++)
			for (int j = 0; j < b.length; j++) {
				double sum = 0;
				for (int d = 0; d < a[i].length; d++)
					sum += a[i][d] * (double) b[j][d];
				out[i * b.length + j] = (float) sum;
			}
		return out;
	}
}
