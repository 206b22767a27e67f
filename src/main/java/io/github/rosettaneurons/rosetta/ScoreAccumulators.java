
package io.github.rosettaneurons.rosetta;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDManager;

/**
 * Pass 2 of mining: for each other model, the {@link PairScores} of every
 * (anchor layer, other layer) pair. Owns the engine memory of its sums; close
 * it when done.
 */
public final class ScoreAccumulators implements AutoCloseable {

	final NDManager manager;
	/** other model → "anchorLayer\totherLayer" → sums. */
	final Map<String, Map<String, PairScores>> models = new LinkedHashMap<>();

	ScoreAccumulators(NDManager manager) {
		this.manager = manager;
	}

	static String pairKey(String anchorLayer, String otherLayer) {
		return anchorLayer + "\t" + otherLayer;
	}

	/**
	 * The sums of one pair, created about the given per-unit shifts on first use.
	 */
	PairScores pair(String other, String anchorLayer, String otherLayer,
		double[] anchorShift, double[] otherShift, boolean batchCosines)
	{
		return models.computeIfAbsent(other, k -> new LinkedHashMap<>())
			.computeIfAbsent(pairKey(anchorLayer, otherLayer), k -> new PairScores(
				manager, anchorShift, otherShift, batchCosines));
	}

	void merge(ScoreAccumulators other) {
		if (!models.keySet().equals(other.models.keySet()))
			throw new IllegalArgumentException(
				"Score shards cover different models: " + models.keySet() + " and " +
					other.models.keySet());
		models.forEach((model, pairs) -> pairs.forEach((key, scores) -> {
			PairScores twin = other.models.get(model).get(key);
			if (twin == null) throw new IllegalArgumentException(
				"Score shards cover different layers of " + model);
			scores.merge(twin);
		}));
	}

	void write(DataOutputStream out) throws IOException {
		out.writeInt(models.size());
		for (var model : models.entrySet()) {
			out.writeUTF(model.getKey());
			out.writeInt(model.getValue().size());
			for (var pair : model.getValue().entrySet()) {
				out.writeUTF(pair.getKey());
				pair.getValue().write(out);
			}
		}
	}

	static ScoreAccumulators read(DataInputStream in, NDManager manager)
		throws IOException
	{
		ScoreAccumulators scores = new ScoreAccumulators(manager);
		int modelCount = in.readInt();
		for (int m = 0; m < modelCount; m++) {
			Map<String, PairScores> pairs = scores.models.computeIfAbsent(in
				.readUTF(), k -> new LinkedHashMap<>());
			int pairCount = in.readInt();
			for (int p = 0; p < pairCount; p++)
				pairs.put(in.readUTF(), PairScores.read(in, manager));
		}
		return scores;
	}

	@Override
	public void close() {
		manager.close();
	}
}
