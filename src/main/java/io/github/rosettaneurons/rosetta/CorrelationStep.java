
package io.github.rosettaneurons.rosetta;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.engine.LayerSpec;

/**
 * One batch's contribution to the score sums of every (anchor layer, other
 * layer) pair: each layer's maps shifted by its units' shifts and made
 * channel-first once, the larger map of a pair brought onto the smaller one's
 * grid, one GEMM per pair, and the resized squares and sums of each map (shared
 * by all pairs on one grid).
 */
final class CorrelationStep {

	private final MinedModel anchor;
	private final List<MinedModel> others;
	private final DataType type;
	private final NDManager manager;
	private final PairResampling resampling;
	private final boolean batchCosines;
	/** model \t layer → the shifts as (1, C, 1, 1) in the GEMM precision. */
	private final Map<String, NDArray> shiftArrays = new HashMap<>();

	CorrelationStep(MinedModel anchor, List<MinedModel> others,
		MiningOptions options, NDManager manager)
	{
		this.anchor = anchor;
		this.others = others;
		this.type = options.gemmType();
		this.manager = manager;
		this.resampling = new PairResampling(manager, type);
		this.batchCosines = options
			.scoreVariant() == ScoreVariant.BATCH_MEAN_COSINE;
	}

	/**
	 * A shift as the GEMM precision represents it, so that the sums are exactly
	 * about the recorded value.
	 */
	double[] representable(double[] shift) {
		double[] result = shift.clone();
		if (type == DataType.FLOAT32) for (int c = 0; c < result.length; c++)
			result[c] = (float) result[c];
		return result;
	}

	/**
	 * Adds one batch. {@code shifts} holds, per "model \t layer", representable
	 * per-unit shifts; returns the FLOPs of the GEMMs (multiply-adds × 2).
	 */
	double add(Map<String, Map<String, NDArray>> activations,
		Map<String, double[]> shifts, ScoreAccumulators scores)
	{
		Map<String, Map<String, NDArray>> centred = new LinkedHashMap<>();
		centred.put(anchor.name(), shifted(anchor, activations, shifts));
		for (MinedModel other : others)
			centred.put(other.name(), shifted(other, activations, shifts));
		Map<String, PairScores.UnitMoments> moments = new HashMap<>(); // per map
																																		// and grid,
																																		// shared by
																																		// its pairs
		double flops = 0;
		for (MinedModel other : others)
			for (var a : centred.get(anchor.name()).entrySet())
				for (var b : centred.get(other.name()).entrySet()) {
					Shape shapeA = a.getValue().getShape(), shapeB = b.getValue()
						.getShape();
					int targetH = (int) Math.max(shapeA.get(2), shapeB.get(2));
					int targetW = (int) Math.max(shapeA.get(3), shapeB.get(3));
					String grid = "\t" + targetH + "x" + targetW;
					PairScores.UnitMoments momentsA = moments.computeIfAbsent(anchor
						.name() + "\t" + a.getKey() + grid, k -> moments(a.getValue(),
							targetH, targetW));
					PairScores.UnitMoments momentsB = moments.computeIfAbsent(other
						.name() + "\t" + b.getKey() + grid, k -> moments(b.getValue(),
							targetH, targetW));
					PairScores pair = scores.pair(other.name(), a.getKey(), b.getKey(),
						shifts.get(anchor.name() + "\t" + a.getKey()), shifts.get(other
							.name() + "\t" + b.getKey()), batchCosines);
					try (NDManager local = a.getValue().getManager().newSubManager()) { // the
																																							// pair's
																																							// temporaries
						local.tempAttachAll(a.getValue(), b.getValue());
						pair.add(a.getValue(), b.getValue(), momentsA, momentsB,
							resampling);
					}
					flops += gemmFlops(shapeA, shapeB);
				}
		// the engine may run asynchronously (GPU): reading a result of this batch
		// makes timings honest
		moments.values().iterator().next().sums().getDouble(0);
		return flops;
	}

	/**
	 * Each layer's maps minus its shifts, channel-first (C, N, h, w) and
	 * contiguous, so every GEMM reads them as is. The raw maps are closed:
	 * nothing after the shift needs them, and the batch's memory stays at one
	 * copy.
	 */
	private Map<String, NDArray> shifted(MinedModel model,
		Map<String, Map<String, NDArray>> activations, Map<String, double[]> shifts)
	{
		Map<String, NDArray> result = new LinkedHashMap<>();
		for (LayerSpec layer : model.layers()) {
			NDArray maps = activations.get(model.name()).get(layer.output());
			String key = model.name() + "\t" + layer.output();
			NDArray shift = shiftArrays.computeIfAbsent(key, k -> {
				double[] values = shifts.get(k);
				return manager.create(values, new Shape(1, values.length, 1, 1)).toType(
					type, false);
			});
			Shape shape = maps.getShape();
			NDManager batch = maps.getManager();
			try (NDManager local = batch.newSubManager()) {
				local.tempAttachAll(maps);
				// one channel-first copy in the maps' own type, widened (if at all)
				// only then, and shifted in place; with one channel or one image the
				// reshape is a view of the maps (an inference tensor that must not be
				// changed in place), so it is copied
				NDArray channelFirst = maps.transpose(1, 0, 2, 3).reshape(shape.get(1),
					-1);
				if (shape.get(0) == 1 || shape.get(1) == 1) channelFirst = channelFirst
					.duplicate();
				NDArray centred = channelFirst.toType(type, false).subi(shift.reshape(
					shape.get(1), 1)).reshape(shape.get(1), shape.get(0), shape.get(2),
						shape.get(3));
				centred.attach(batch);
				result.put(layer.output(), centred);
			}
			maps.close();
		}
		return result;
	}

	private PairScores.UnitMoments moments(NDArray maps, int targetH,
		int targetW)
	{
		NDManager batch = maps.getManager();
		try (NDManager local = batch.newSubManager()) {
			local.tempAttachAll(maps);
			NDArray squares = resampling.resizedSquaredNorms(maps, targetH, targetW)
				.toType(DataType.FLOAT64, false);
			NDArray sums = resampling.resizedSums(maps, targetH, targetW).toType(
				DataType.FLOAT64, false);
			squares.attach(batch);
			sums.attach(batch);
			return new PairScores.UnitMoments(squares, sums);
		}
	}

	/**
	 * Multiply-adds ×2 of one pair's GEMM on channel-first maps, done at the
	 * smaller map's grid.
	 */
	private static double gemmFlops(Shape a, Shape b) {
		double pixels = Math.min(a.get(2) * a.get(3), b.get(2) * b.get(3));
		return 2.0 * a.get(0) * a.get(1) * b.get(0) * pixels;
	}
}
