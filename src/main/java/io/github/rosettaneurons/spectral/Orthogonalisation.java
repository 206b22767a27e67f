
package io.github.rosettaneurons.spectral;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * The reference's final step: L2-normalise each soft-assignment channel over
 * all pixels, take the SVD M = UΣVᵀ of the (N × K) matrix, and keep U
 * (orthonormal eigenvector estimates, ordered by singular value) and the
 * features F = UΣ = MV that grouping and colouring use. The SVD goes through
 * the K×K Gram MᵀM.
 */
public final class Orthogonalisation {

	private Orthogonalisation() {}

	/**
	 * @param assignments (B, K, H, W) soft assignments
	 * @return eigenvector maps and features, both (B, K, H, W), with the singular
	 *         values
	 */
	public static SpectralEmbedding of(NDArray assignments) {
		Shape shape = assignments.getShape();
		int channels = (int) shape.get(1);
		NDArray m = assignments.transpose(1, 0, 2, 3).reshape(channels, -1);
		m = m.div(m.norm(new int[] { 1 }, true).add(1e-12f));
		double[] gram = toDoubles(m.matMul(m.transpose()).toFloatArray());
		SymmetricEigen eigen = new SymmetricEigen(gram, channels);
		NDArray v = assignments.getManager().create(eigen.vectorsAsFloats(),
			new Shape(channels, channels));
		NDArray features = v.transpose().matMul(m);
		float[] singular = new float[channels];
		for (int i = 0; i < channels; i++)
			singular[i] = (float) Math.sqrt(Math.max(eigen.values[i], 0));
		NDArray vectors = features.div(assignments.getManager().create(singular)
			.add(1e-12f).reshape(channels, 1));
		return new SpectralEmbedding(unflatten(vectors, shape), unflatten(features,
			shape), singular);
	}

	static double[] toDoubles(float[] values) {
		double[] result = new double[values.length];
		for (int i = 0; i < values.length; i++)
			result[i] = values[i];
		return result;
	}

	/** (K, B·H·W) back to (B, K, H, W). */
	static NDArray unflatten(NDArray rows, Shape shape) {
		return rows.reshape(shape.get(1), shape.get(0), shape.get(2), shape.get(3))
			.transpose(1, 0, 2, 3);
	}
}
