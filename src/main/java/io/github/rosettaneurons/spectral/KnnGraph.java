
package io.github.rosettaneurons.spectral;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.engine.ModelBackends;

/**
 * The reference's sparse k-nearest-neighbour graph: each pixel keeps its
 * {@code intra} most similar pixels of the same image and its {@code inter}
 * most similar pixels of the other images of the batch by cos(qᵢ, kⱼ), never
 * itself; similarities at or below {@code threshold} are dropped; W is
 * symmetrised as (W + Wᵀ)/2 and row-normalised. Similarities are computed in
 * row chunks, and "same image" is decided from pixel indices, so nothing N×N is
 * held.
 */
public final class KnnGraph implements PixelGraph {

	private static final int CHUNK = 1024;
	/**
	 * Subtracted from masked similarities (cosines lie in [-1, 1]) so top-k never
	 * picks them.
	 */
	private static final float MASKED = 10f;

	private final NDManager manager;
	private final long nodes;
	private final NDArray walk;
	private final NDArray walkTransposed;
	private final long edges;

	/**
	 * @param queries (N, C) features whose rows pick neighbours; keys (N, C) the
	 *          features they are compared with (the same array for a cosine
	 *          graph)
	 * @param pixelsPerImage the N pixels are consecutive runs of this many pixels
	 *          per image
	 */
	public KnnGraph(NDManager parent, NDArray queries, NDArray keys,
		int pixelsPerImage, int intra, int inter, double threshold)
	{
		manager = parent.newSubManager();
		nodes = queries.getShape().get(0);
		if (nodes % pixelsPerImage != 0) throw new IllegalArgumentException(nodes +
			" pixels are not whole images of " + pixelsPerImage);
		long images = nodes / pixelsPerImage;
		int intraCount = (int) Math.min(intra, pixelsPerImage - 1);
		int interCount = (int) Math.min(inter, nodes - pixelsPerImage);
		if (intraCount + interCount < 1) throw new IllegalArgumentException(
			"A neighbour graph needs at least two pixels.");
		try (NDManager scope = manager.newSubManager()) {
			NDArray q = LowRankGraph.unitRows(queries).toType(DataType.FLOAT32,
				false);
			q.attach(scope);
			NDArray k = queries == keys ? q : LowRankGraph.unitRows(keys).toType(
				DataType.FLOAT32, false);
			k.attach(scope);
			NDArray kt = k.transpose();
			NDArray columnImage = scope.arange(nodes).div(pixelsPerImage).floor()
				.reshape(1, nodes);
			NDArray columnIndex = scope.arange(nodes).reshape(1, nodes).toType(
				DataType.FLOAT32, false);
			NDList rowParts = new NDList();
			NDList columnParts = new NDList();
			NDList weightParts = new NDList();
			for (long first = 0; first < nodes; first += CHUNK) {
				long end = Math.min(first + CHUNK, nodes);
				// Each chunk's (rows × N) similarities are freed before the next; only
				// the kept edges move up.
				try (NDManager chunk = scope.newSubManager()) {
					NDArray similarity = q.get(chunk, new NDIndex(first + ":" + end))
						.matMul(kt);
					NDArray rowIndex = chunk.arange(first, end).toType(DataType.FLOAT32,
						false).reshape(end - first, 1);
					NDArray self = rowIndex.eq(columnIndex).toType(DataType.FLOAT32,
						false);
					NDArray sameImage = rowIndex.div(pixelsPerImage).floor().eq(
						columnImage).toType(DataType.FLOAT32, false);
					NDArray otherImage = sameImage.neg().add(1);
					NDList kept = new NDList();
					if (intraCount > 0) kept.addAll(keep(similarity.sub(self.add(
						otherImage).mul(MASKED)), intraCount, rowIndex));
					if (interCount > 0 && images > 1) kept.addAll(keep(similarity.sub(
						sameImage.mul(MASKED)), interCount, rowIndex));
					kept.attach(scope);
					for (int i = 0; i < kept.size(); i += 3) {
						weightParts.add(kept.get(i));
						columnParts.add(kept.get(i + 1));
						rowParts.add(kept.get(i + 2));
					}
				}
			}
			NDArray allWeights = NDArrays.concat(weightParts);
			NDArray strong = allWeights.gt(threshold);
			NDArray rows = NDArrays.concat(rowParts).booleanMask(strong).toType(
				DataType.INT64, false);
			NDArray columns = NDArrays.concat(columnParts).booleanMask(strong).toType(
				DataType.INT64, false);
			NDArray halves = allWeights.booleanMask(strong).div(2);
			edges = rows.getShape().get(0);
			// (W + Wᵀ)/2 as both orientations of every kept edge; duplicates sum in
			// the sparse products.
			NDArray from = rows.concat(columns);
			NDArray to = columns.concat(rows);
			NDArray values = halves.concat(halves);
			NDArray symmetric = coo(from, to, values, nodes);
			// Isolated pixels get degree 1, as in Deep Spectral Methods, so they stay
			// put instead of dividing by zero.
			NDArray degrees = symmetric.matMul(scope.ones(new Shape(nodes, 1)))
				.reshape(nodes);
			degrees = degrees.add(degrees.eq(0).toType(DataType.FLOAT32, false));
			NDArray walkValues = values.div(degrees.get(new NDIndex("{}", from)));
			walk = coo(from, to, walkValues, nodes);
			walkTransposed = coo(to, from, walkValues, nodes);
			walk.attach(manager);
			walkTransposed.attach(manager);
		}
	}

	/**
	 * A sparse (nodes × nodes) COO matrix from index and value arrays, made by
	 * the arrays' engine.
	 */
	private static NDArray coo(NDArray rows, NDArray columns, NDArray values,
		long nodes)
	{
		return ModelBackends.of(values).sparseCoo(rows.stack(columns), values,
			new Shape(nodes, nodes));
	}

	/**
	 * The {@code count} largest entries of each row: (weights, columns, rows),
	 * each flattened.
	 */
	private static NDList keep(NDArray masked, int count, NDArray rowIndex) {
		NDList top = masked.topK(count, 1, true, false);
		return new NDList(top.get(0).reshape(-1), top.get(1).toType(
			DataType.FLOAT32, false).reshape(-1), rowIndex.repeat(1, count).reshape(
				-1));
	}

	@Override
	public long nodes() {
		return nodes;
	}

	/** Directed edges kept before symmetrisation. */
	public long edges() {
		return edges;
	}

	@Override
	public NDArray propagate(NDArray z) {
		return product(walk, z);
	}

	@Override
	public NDArray propagateTransposed(NDArray z) {
		return product(walkTransposed, z);
	}

	/**
	 * (M·Zᵀ)ᵀ, moved into z's scope (a product takes its first operand's manager,
	 * here the graph's).
	 */
	private static NDArray product(NDArray sparse, NDArray z) {
		NDArray result = sparse.matMul(z.transpose());
		result.attach(z.getManager());
		return result.transpose();
	}

	@Override
	public void close() {
		manager.close();
	}
}
