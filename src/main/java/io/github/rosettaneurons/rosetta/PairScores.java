
package io.github.rosettaneurons.rosetta;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Score sums for one (anchor layer, other layer) pair, taken about fixed
 * per-unit shifts s (the values subtracted from each map before the GEMM): Σ
 * up(a_i − s_i)·up(b_j − s_j) (a GEMM per batch), Σ up(a_i − s_i)² and Σ up(a_i
 * − s_i) per unit, and the number of pixels of the pair's grid. Because the
 * resize preserves constants, these sums can be moved exactly to any other
 * shifts, in particular to the units' final means: so one pass can start before
 * the means are known (shifted by its first batch's means, which keeps float32
 * GEMMs as accurate as centred ones), and shards taken about different shifts
 * merge exactly. All sums are float64; float32 products of short GEMMs are
 * first summed in float32 over a few batches (no float32 sum covers more than
 * {@link #FLOAT32_TERMS} pixel terms, as a single long GEMM's does), because
 * widening float32 into float64 costs libtorch about ten times as much as a
 * float32 addition. For the reference's {@link ScoreVariant#BATCH_MEAN_COSINE}
 * the shifts must be the final means, so each batch's cosine is final.
 */
final class PairScores {

	final int anchorUnits;
	final int otherUnits;
	final NDArray anchorShift;
	final NDArray otherShift;
	final NDArray products;
	final NDArray anchorSquares;
	final NDArray otherSquares;
	final NDArray anchorSums;
	final NDArray otherSums;
	final NDArray batchCosines;
	/** Σ over images of the pair grid's pixels. */
	double pixels;
	long batches;
	/**
	 * The float32 products of the batches since the last widening, null when
	 * none; {@link #pendingTerms} pixel terms each.
	 */
	private NDArray pending;
	private long pendingTerms;

	/**
	 * The most pixel terms a float32 sum of products may cover before it is
	 * widened: a batch of 8 at 64 × 64 pixels, about what the longest single
	 * GEMMs of a ResNet (8 × 56 × 56) sum in float32 anyway.
	 */
	static final long FLOAT32_TERMS = 1 << 15;

	/**
	 * {@code batchCosines} are kept (doubling the memory) only for
	 * {@link ScoreVariant#BATCH_MEAN_COSINE}.
	 */
	PairScores(NDManager manager, double[] anchorShift, double[] otherShift,
		boolean batchCosines)
	{
		this.anchorUnits = anchorShift.length;
		this.otherUnits = otherShift.length;
		this.anchorShift = manager.create(anchorShift);
		this.otherShift = manager.create(otherShift);
		products = manager.zeros(new Shape(anchorUnits, otherUnits),
			DataType.FLOAT64);
		anchorSquares = manager.zeros(new Shape(anchorUnits), DataType.FLOAT64);
		otherSquares = manager.zeros(new Shape(otherUnits), DataType.FLOAT64);
		anchorSums = manager.zeros(new Shape(anchorUnits), DataType.FLOAT64);
		otherSums = manager.zeros(new Shape(otherUnits), DataType.FLOAT64);
		this.batchCosines = batchCosines ? manager.zeros(new Shape(anchorUnits,
			otherUnits), DataType.FLOAT64) : null;
	}

	/**
	 * Adds one batch: shifted maps a (Ca, K) and b (Cb, K) in the GEMM precision,
	 * both on the grid where this pair's GEMM runs (the smaller map's), with the
	 * float64 squared norms and sums of their maps resized to this pair's grid
	 * and the number of pixels of that grid over the batch's images.
	 */
	void add(NDArray a, NDArray b, UnitMoments momentsA, UnitMoments momentsB,
		double gridPixels)
	{
		NDArray product = a.matMul(b.transpose());
		if (batchCosines != null) batchCosines.addi(cosines(product, momentsA
			.squares(), momentsB.squares()));
		addProduct(product, a.getShape().get(1));
		anchorSquares.addi(momentsA.squares());
		otherSquares.addi(momentsB.squares());
		anchorSums.addi(momentsA.sums());
		otherSums.addi(momentsB.sums());
		pixels += gridPixels;
		batches++;
	}

	/**
	 * Adds one batch's product of {@code terms} pixel terms: float64 and long
	 * products at once, short float32 ones into {@link #pending} (kept in place
	 * of a copy: the product is not needed after this).
	 */
	private void addProduct(NDArray product, long terms) {
		if (product.getDataType() != DataType.FLOAT32 || 2 *
			terms > FLOAT32_TERMS)
		{
			products.addi(product); // widened inside the in-place add
			return;
		}
		if (pending != null && pendingTerms + terms > FLOAT32_TERMS) widen();
		if (pending == null) {
			pending = product;
			pending.attach(products.getManager());
		}
		else pending.addi(product);
		pendingTerms += terms;
	}

	/** Adds the pending float32 products into the float64 sums. */
	private void widen() {
		if (pending == null) return;
		products.addi(pending);
		pending.close();
		pending = null;
		pendingTerms = 0;
	}

	/**
	 * Per-unit Σ up(x − s)² and Σ up(x − s) of one batch on a pair's grid,
	 * float64.
	 */
	record UnitMoments(NDArray squares, NDArray sums) {}

	/**
	 * products / sqrt(normA ⊗ normB), 0 where a unit never varies (0/0), as the
	 * reference does.
	 */
	static NDArray cosines(NDArray products, NDArray normA, NDArray normB) {
		NDArray denominator = normA.reshape(-1, 1).mul(normB.reshape(1, -1)).sqrt();
		NDArray cosine = products.div(denominator);
		return NDArrays.where(denominator.gt(0), cosine, cosine.zerosLike());
	}

	/**
	 * Writes the finished scores into {@code table} (row-major, {@code stride}
	 * columns; this pair's block from row {@code firstRow} and column
	 * {@code firstColumn}): for the global cosine the sums moved onto the units'
	 * means {@code anchorMean}, {@code otherMean}. Works in blocks of rows, so
	 * the temporaries stay a few MB.
	 */
	void scoresInto(ScoreVariant variant, double[] anchorMean, double[] otherMean,
		double[] table, int firstRow, int stride, int firstColumn)
	{
		if (variant == ScoreVariant.BATCH_MEAN_COSINE && batchCosines == null)
			throw new IllegalStateException("Batch cosines were not kept");
		widen();
		int rows = Math.max(1, BLOCK_ENTRIES / otherUnits);
		for (int r0 = 0; r0 < anchorUnits; r0 += rows) {
			int r1 = Math.min(anchorUnits, r0 + rows);
			double[] block;
			try (NDManager scope = products.getManager().newSubManager()) {
				scope.tempAttachAll(products, anchorSquares, otherSquares, anchorSums,
					otherSums, anchorShift, otherShift);
				if (batchCosines != null) scope.tempAttachAll(batchCosines);
				if (variant == ScoreVariant.BATCH_MEAN_COSINE) block = batchCosines.get(
					r0 + ":" + r1).div(batches).toDoubleArray();
				else {
					NDArray da = scope.create(java.util.Arrays.copyOfRange(anchorMean, r0,
						r1)).sub(anchorShift.get(r0 + ":" + r1));
					NDArray db = scope.create(otherMean).sub(otherShift);
					NDArray[] centred = shifted(r0, r1, da, db);
					block = cosines(centred[0], centred[1], centred[2]).toDoubleArray();
				}
			}
			for (int i = r0; i < r1; i++)
				System.arraycopy(block, (i - r0) * otherUnits, table, (firstRow + i) *
					stride + firstColumn, otherUnits);
		}
	}

	/**
	 * Entries of the score table handled at once when reading, writing or merging
	 * sums: 1 MB of float64, small enough for the JVM's young generation, so
	 * these buffers do not grow the heap.
	 */
	private static final int BLOCK_ENTRIES = 1 << 17;

	/**
	 * Rows {@code r0 .. r1 - 1} of {products, anchorSquares, otherSquares,
	 * anchorSums, otherSums} about shifts moved by da (those rows), db (new −
	 * old): Σ(x − s − d)(y − t − e) = Σ(x − s)(y − t) − e Σ(x − s) − d Σ(y − t) +
	 * d e P, and the same for squares and sums. The arrays must be attached to
	 * the caller's scope.
	 */
	private NDArray[] shifted(int r0, int r1, NDArray da, NDArray db) {
		String rows = r0 + ":" + r1;
		NDArray sumsA = anchorSums.get(rows);
		NDArray column = da.reshape(-1, 1), row = db.reshape(1, -1);
		NDArray product = products.get(rows).sub(sumsA.reshape(-1, 1).mul(row));
		product.subi(column.mul(otherSums.reshape(1, -1)));
		product.addi(column.mul(row).muli(pixels));
		NDArray squaresA = anchorSquares.get(rows).sub(da.mul(sumsA).muli(2)).addi(
			da.square().muli(pixels));
		NDArray squaresB = otherSquares.sub(db.mul(otherSums).muli(2)).addi(db
			.square().muli(pixels));
		return new NDArray[] { product, squaresA, squaresB, sumsA.sub(da.mul(
			pixels)), otherSums.sub(db.mul(pixels)) };
	}

	/**
	 * Adds another shard's sums, moved onto this one's shifts first, in blocks of
	 * rows.
	 */
	void merge(PairScores other) {
		widen();
		other.widen();
		int rows = Math.max(1, BLOCK_ENTRIES / otherUnits);
		for (int r0 = 0; r0 < anchorUnits; r0 += rows) {
			int r1 = Math.min(anchorUnits, r0 + rows);
			try (NDManager scope = products.getManager().newSubManager()) {
				scope.tempAttachAll(other.products, other.anchorSquares,
					other.otherSquares, other.anchorSums, other.otherSums,
					other.anchorShift, other.otherShift);
				scope.tempAttachAll(products, anchorSquares, otherSquares, anchorSums,
					otherSums, anchorShift, otherShift);
				if (batchCosines != null) scope.tempAttachAll(batchCosines,
					other.batchCosines);
				String block = r0 + ":" + r1;
				NDArray[] moved = other.shifted(r0, r1, anchorShift.get(block).sub(
					other.anchorShift.get(block)), otherShift.sub(other.otherShift));
				products.get(block).addi(moved[0]);
				anchorSquares.get(block).addi(moved[1]);
				anchorSums.get(block).addi(moved[3]);
				if (r0 == 0) { // the other model's per-unit sums do not depend on the
												// rows
					otherSquares.addi(moved[2]);
					otherSums.addi(moved[4]);
				}
				if (batchCosines != null) batchCosines.get(block).addi(
					other.batchCosines.get(block));
			}
		}
		pixels += other.pixels;
		batches += other.batches;
	}

	void write(DataOutputStream out) throws IOException {
		widen();
		out.writeInt(anchorUnits);
		out.writeInt(otherUnits);
		out.writeLong(batches);
		out.writeDouble(pixels);
		out.writeBoolean(batchCosines != null);
		for (double v : anchorShift.toDoubleArray())
			out.writeDouble(v);
		for (double v : otherShift.toDoubleArray())
			out.writeDouble(v);
		for (NDArray array : sums()) {
			if (array.getShape().dimension() == 1) {
				for (double v : array.toDoubleArray())
					out.writeDouble(v);
				continue;
			}
			int rows = Math.max(1, BLOCK_ENTRIES / otherUnits);
			for (int r0 = 0; r0 < anchorUnits; r0 += rows)
				try (NDManager scope = array.getManager().newSubManager()) {
					scope.tempAttachAll(array);
					for (double v : array.get(r0 + ":" + Math.min(anchorUnits, r0 + rows))
						.toDoubleArray())
						out.writeDouble(v);
				}
		}
	}

	private NDArray[] sums() {
		return batchCosines == null ? new NDArray[] { products, anchorSquares,
			otherSquares, anchorSums, otherSums } : new NDArray[] { products,
				anchorSquares, otherSquares, anchorSums, otherSums, batchCosines };
	}

	static PairScores read(DataInputStream in, NDManager manager)
		throws IOException
	{
		int anchorUnits = in.readInt();
		int otherUnits = in.readInt();
		long batches = in.readLong();
		double pixels = in.readDouble();
		boolean batchCosines = in.readBoolean();
		PairScores scores = new PairScores(manager, readDoubles(in, anchorUnits),
			readDoubles(in, otherUnits), batchCosines);
		scores.batches = batches;
		scores.pixels = pixels;
		for (NDArray array : scores.sums())
			array.set(java.nio.DoubleBuffer.wrap(readDoubles(in, (int) array
				.size())));
		return scores;
	}

	private static double[] readDoubles(DataInputStream in, int count)
		throws IOException
	{
		double[] values = new double[count];
		for (int i = 0; i < count; i++)
			values[i] = in.readDouble();
		return values;
	}
}
