
package io.github.rosettaneurons.spectral;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The single-layer baseline of Deep Spectral Methods (Melas-Kyriazi et al.
 * 2022): the K smallest solutions of the generalised eigenproblem (D − W)y =
 * λDy of one layer's dense affinity, solved exactly (to float precision) on the
 * engine in float64. With S = D^-1/2 W D^-1/2 the problem is S u = (1 − λ) u, y
 * = D^-1/2 u; the leading eigenvectors of S are found by subspace iteration on
 * T = ((S + I)/2)^4, re-orthonormalised each time, with Rayleigh–Ritz on the
 * K×K projection. The y are also the leading right eigenvectors of the random
 * walk D⁻¹W that the gradient method approximates.
 */
public final class ExactSpectrum {

	/** How a layer's features become a non-negative affinity. */
	public enum Affinity {
			/** (1 + cos)/2, the graph {@link LowRankGraph} applies. */
			SHIFTED_COSINE,
			/** max(cos, 0) / max, as Deep Spectral Methods build it. */
			CLAMPED_COSINE
	}

	private static final int MAX_PIXELS = 8192;
	private static final int SQUARINGS = 2;
	private static final int ITERATIONS = 400;

	/**
	 * Solutions y as rows (K, N), unit length and sign-fixed so at most half the
	 * entries are positive.
	 */
	public final NDArray vectors;
	/**
	 * λ of each solution, increasing (λ = 0 for the constant vector of a
	 * connected graph).
	 */
	public final double[] eigenvalues;

	/**
	 * @param features (N, C) one image's pixel features at one layer
	 */
	public ExactSpectrum(NDArray features, int count, Affinity affinity) {
		long n = features.getShape().get(0);
		if (n > MAX_PIXELS) throw new IllegalArgumentException(
			"The exact eigensolver holds the dense " + n + "×" + n +
				" affinity; use a layer with at most " + MAX_PIXELS + " pixels.");
		if (count < 1 || count > n) throw new IllegalArgumentException(
			"Cannot take " + count + " eigenvectors of " + n + " pixels.");
		NDManager manager = features.getManager();
		NDArray unit = LowRankGraph.unitRows(features.toType(DataType.FLOAT64,
			false));
		NDArray cosine = unit.matMul(unit.transpose());
		NDArray w = affinity == Affinity.SHIFTED_COSINE ? cosine.add(1).div(2)
			: cosine.maximum(0);
		if (affinity == Affinity.CLAMPED_COSINE) w = w.div(w.max());
		NDArray degrees = w.sum(new int[] { 1 });
		degrees = degrees.add(degrees.eq(0).toType(DataType.FLOAT64, false));
		NDArray scale = degrees.pow(-0.5);
		NDArray s = w.mul(scale.reshape(n, 1)).mul(scale.reshape(1, n));
		NDArray basis = leadingColumns(manager, s, count, n * 31 + count);
		// Rayleigh–Ritz: rotate the converged basis onto S's eigenvectors within
		// it.
		int k = count;
		double[] projected = basis.transpose().matMul(s).matMul(basis)
			.toDoubleArray();
		for (int i = 0; i < k; i++)
			for (int j = 0; j < i; j++)
				projected[i * k + j] = projected[j * k + i] = (projected[i * k + j] +
					projected[j * k + i]) / 2;
		SymmetricEigen ritz = new SymmetricEigen(projected, k);
		NDArray u = basis.matMul(manager.create(ritz.vectors, new Shape(k, k)));
		NDArray y = u.mul(scale.reshape(n, 1)).transpose().toType(DataType.FLOAT32,
			false);
		y = y.div(y.norm(new int[] { 1 }, true));
		NDArray mostlyPositive = y.gt(0).toType(DataType.FLOAT32, false).mean(
			new int[] { 1 }).gt(0.5f).toType(DataType.FLOAT32, false).reshape(k, 1);
		vectors = y.mul(mostlyPositive.mul(-2).add(1));
		eigenvalues = new double[k];
		for (int i = 0; i < k; i++)
			eigenvalues[i] = 1 - ritz.values[i];
	}

	/**
	 * Orthonormal (N, K) columns spanning the K leading eigenvectors (eigenvalues
	 * nearest 1) of an (N, N) operator with spectrum in [-1, 1]: orthogonal
	 * iteration on ((A + I)/2)^(2^SQUARINGS) from a seeded Gaussian start.
	 */
	private static NDArray leadingColumns(NDManager manager, NDArray operator,
		int count, long seed)
	{
		long n = operator.getShape().get(0);
		NDArray power = operator.add(manager.eye((int) n).toType(DataType.FLOAT64,
			false)).div(2);
		for (int i = 0; i < SQUARINGS; i++)
			power = power.matMul(power);
		double[] start = new double[(int) n * count];
		java.util.Random random = new java.util.Random(seed);
		for (int i = 0; i < start.length; i++)
			start[i] = random.nextGaussian();
		NDArray basis = orthonormalColumns(manager.create(start, new Shape(n,
			count)));
		for (int i = 0; i < ITERATIONS; i++) {
			NDArray product = power.matMul(basis);
			NDArray next = orthonormalColumns(product);
			product.close();
			basis.close();
			basis = next;
		}
		return basis;
	}

	/**
	 * The exact leading invariant subspace (eigenvalues nearest 1) of any graph's
	 * random walk P, for comparing the gradient solution with: orthogonal
	 * iteration on (P + I)/2 materialised densely (so only for small layers).
	 *
	 * @return (K, N) orthonormal rows spanning the K leading right eigenvectors
	 *         of P
	 */
	public static NDArray leadingSubspace(NDManager manager, PixelGraph graph,
		int count)
	{
		long n = graph.nodes();
		if (n > MAX_PIXELS) throw new IllegalArgumentException(
			"The exact subspace needs a dense " + n + "×" + n +
				" matrix; use a layer with at most " + MAX_PIXELS + " pixels.");
		try (NDManager scope = manager.newSubManager()) {
			NDArray identity = scope.eye((int) n);
			// propagate(I) = I·Pᵀ = Pᵀ; its transpose is P
			NDArray walk = graph.propagate(identity).transpose().toType(
				DataType.FLOAT64, false);
			NDArray basis = leadingColumns(scope, walk, count, n * 17 + count);
			float[] rows = basis.transpose().toType(DataType.FLOAT32, false)
				.toFloatArray();
			return manager.create(rows, new Shape(count, n));
		}
	}

	/**
	 * Orthonormal columns spanning those of a float64 (N, K) array: Gram
	 * whitening V Λ^-1/2, done twice for accuracy.
	 */
	static NDArray orthonormalColumns(NDArray a) {
		NDArray result = a;
		for (int pass = 0; pass < 2; pass++) {
			int k = (int) result.getShape().get(1);
			NDArray product = result.transpose().matMul(result);
			SymmetricEigen gram = new SymmetricEigen(product.toDoubleArray(), k);
			product.close();
			double[] whitening = new double[k * k];
			for (int r = 0; r < k; r++)
				for (int c = 0; c < k; c++)
					whitening[r * k + c] = gram.vectors[r * k + c] / Math.sqrt(Math.max(
						gram.values[c], 1e-300));
			NDArray rotation = result.getManager().create(whitening, new Shape(k, k));
			NDArray next = result.matMul(rotation);
			rotation.close();
			if (result != a) result.close();
			result = next;
		}
		return result;
	}
}
