
package io.github.rosettaneurons.spectral;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The dense cosine graph in low-rank form: W = (1 + q̂ᵢ·k̂ⱼ)/2 for
 * L2-normalised query and key features (the same features for a plain cosine
 * graph, a value-value graph in transformer terms). Shifting the cosine to [0,
 * 1] keeps every weight non-negative, as a random walk needs, while W stays a
 * rank C+1 product, so P·z costs O(N·C) per vector instead of O(N²) memory.
 */
public final class LowRankGraph implements PixelGraph {

	private final NDManager manager;
	private final NDArray queries;
	private final NDArray keys;
	private final NDArray queriesTransposed;
	private final NDArray keysTransposed;
	private final NDArray inverseDegrees;

	/**
	 * @param queries (N, C) query (or plain) features of the pixels, any scale
	 * @param keys (N, C) key features; pass {@code queries} for a symmetric
	 *          cosine graph
	 */
	public LowRankGraph(NDManager parent, NDArray queries, NDArray keys) {
		manager = parent.newSubManager();
		this.queries = unitRows(queries);
		this.keys = queries == keys ? this.queries : unitRows(keys);
		this.queries.attach(manager);
		this.keys.attach(manager);
		long n = queries.getShape().get(0);
		// d = W·1 = (n + Q̂(K̂ᵀ1))/2
		NDArray keySum = this.keys.sum(new int[] { 0 }, true);
		inverseDegrees = this.queries.matMul(keySum.transpose()).reshape(1, n).add(
			n).div(2).pow(-1);
		inverseDegrees.attach(manager);
		// Kept transposed so every product per step starts from z and its results
		// stay in the step's scope.
		queriesTransposed = this.queries.transpose();
		keysTransposed = this.keys.transpose();
	}

	static NDArray unitRows(NDArray features) {
		return features.div(features.norm(new int[] { 1 }, true).add(1e-8f));
	}

	@Override
	public long nodes() {
		return queries.getShape().get(0);
	}

	@Override
	public NDArray propagate(NDArray z) {
		// Z·Wᵀ = (Z·1)1ᵀ/2 + (Z·K̂)Q̂ᵀ/2, then each column j divided by d_j
		NDArray constant = z.sum(new int[] { 1 }, true);
		NDArray zw = z.matMul(keys).matMul(queriesTransposed).add(constant).div(2);
		return zw.mul(inverseDegrees);
	}

	@Override
	public NDArray propagateTransposed(NDArray z) {
		// Z·P = (Z D⁻¹)·W = (U·1)1ᵀ/2 + (U·Q̂)K̂ᵀ/2 with U = Z D⁻¹
		NDArray u = z.mul(inverseDegrees);
		NDArray constant = u.sum(new int[] { 1 }, true);
		return u.matMul(queries).matMul(keysTransposed).add(constant).div(2);
	}

	@Override
	public void close() {
		manager.close();
	}
}
