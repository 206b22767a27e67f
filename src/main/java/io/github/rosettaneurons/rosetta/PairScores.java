package io.github.rosettaneurons.rosetta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Pass-2 sums for one (anchor layer, other layer) pair: the products Σ up(a_i)·up(b_j) (a GEMM per batch), the
 * squared norms of each unit's resized maps, and for the reference variant the sum of per-batch cosines. All
 * float64 and all sums, so shards merge by adding.
 */
final class PairScores {

	final int anchorUnits;
	final int otherUnits;
	final NDArray products;
	final NDArray anchorNorms;
	final NDArray otherNorms;
	final NDArray batchCosines;
	long batches;

	/** {@code batchCosines} are kept (doubling the memory) only for {@link ScoreVariant#BATCH_MEAN_COSINE}. */
	PairScores(NDManager manager, int anchorUnits, int otherUnits, boolean batchCosines) {
		this.anchorUnits = anchorUnits;
		this.otherUnits = otherUnits;
		products = manager.zeros(new Shape(anchorUnits, otherUnits), DataType.FLOAT64);
		anchorNorms = manager.zeros(new Shape(anchorUnits), DataType.FLOAT64);
		otherNorms = manager.zeros(new Shape(otherUnits), DataType.FLOAT64);
		this.batchCosines = batchCosines ? manager.zeros(new Shape(anchorUnits, otherUnits), DataType.FLOAT64) : null;
	}

	/**
	 * Adds one batch of z-scored, channel-first maps a (Ca, N, ha, wa) and b (Cb, N, hb, wb), already in the GEMM
	 * precision, with the squared norms of their maps resized to this pair's grid.
	 */
	void add(NDArray a, NDArray b, NDArray normA, NDArray normB, PairResampling resampling) {
		int ha = (int) a.getShape().get(2), wa = (int) a.getShape().get(3);
		int hb = (int) b.getShape().get(2), wb = (int) b.getShape().get(3);
		int targetH = Math.max(ha, hb), targetW = Math.max(wa, wb);
		NDArray product;
		if ((long) ha * wa <= (long) hb * wb) {
			NDArray bOnA = resampling.move(b, ha, wa, targetH, targetW);
			product = flat(a).matMul(flat(bOnA).transpose());
		}
		else {
			NDArray aOnB = resampling.move(a, hb, wb, targetH, targetW);
			product = flat(aOnB).matMul(flat(b).transpose());
		}
		products.addi(product); // float32 products are widened inside the in-place add, with no float64 copy
		anchorNorms.addi(normA);
		otherNorms.addi(normB);
		if (batchCosines != null) batchCosines.addi(cosines(product, normA, normB));
		batches++;
	}

	/** (C, N, h, w) → (C, N·h·w). */
	private static NDArray flat(NDArray maps) {
		return maps.reshape(maps.getShape().get(0), -1);
	}

	/** products / sqrt(normA ⊗ normB), 0 where a unit never varies (0/0), as the reference does. */
	static NDArray cosines(NDArray products, NDArray normA, NDArray normB) {
		NDArray denominator = normA.reshape(-1, 1).mul(normB.reshape(1, -1)).sqrt();
		NDArray cosine = products.div(denominator);
		return NDArrays.where(denominator.gt(0), cosine, cosine.zerosLike());
	}

	/** The finished (anchorUnits × otherUnits) scores, row-major. */
	double[] scores(ScoreVariant variant) {
		if (variant == ScoreVariant.BATCH_MEAN_COSINE) {
			if (batchCosines == null) throw new IllegalStateException("Batch cosines were not kept");
			return batchCosines.div(batches).toDoubleArray();
		}
		return cosines(products, anchorNorms, otherNorms).toDoubleArray();
	}

	void merge(PairScores other) {
		products.addi(other.products);
		anchorNorms.addi(other.anchorNorms);
		otherNorms.addi(other.otherNorms);
		if (batchCosines != null) batchCosines.addi(other.batchCosines);
		batches += other.batches;
	}

	void write(DataOutputStream out) throws IOException {
		out.writeInt(anchorUnits);
		out.writeInt(otherUnits);
		out.writeLong(batches);
		out.writeBoolean(batchCosines != null);
		for (NDArray array : arrays()) for (double v : array.toDoubleArray()) out.writeDouble(v);
	}

	private NDArray[] arrays() {
		return batchCosines == null ? new NDArray[] {products, anchorNorms, otherNorms}
			: new NDArray[] {products, anchorNorms, otherNorms, batchCosines};
	}

	static PairScores read(DataInputStream in, NDManager manager) throws IOException {
		int anchorUnits = in.readInt();
		int otherUnits = in.readInt();
		long batches = in.readLong();
		PairScores scores = new PairScores(manager, anchorUnits, otherUnits, in.readBoolean());
		scores.batches = batches;
		for (NDArray array : scores.arrays()) {
			double[] values = new double[(int) array.size()];
			for (int i = 0; i < values.length; i++) values[i] = in.readDouble();
			array.set(java.nio.DoubleBuffer.wrap(values));
		}
		return scores;
	}
}
