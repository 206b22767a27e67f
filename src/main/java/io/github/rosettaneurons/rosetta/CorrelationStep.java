
package io.github.rosettaneurons.rosetta;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.engine.LayerSpec;

/**
 * One batch's contribution to the score sums of every (anchor layer, other
 * layer) pair: each layer's maps shifted by its units' shifts and made
 * channel-first once; each map's resized squares and sums on all the grids its
 * pairs need, and its moves onto all the smaller grids it meets, made once per
 * map and shared by every pair and model; then one GEMM per pair, on the
 * smaller map's grid.
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
		Map<String, NDArray> centred = new LinkedHashMap<>(); // "model \t layer"
		shifted(anchor, activations, shifts, centred);
		for (MinedModel other : others)
			shifted(other, activations, shifts, centred);
		// what each map is needed for, so that its moments on all its pairs' grids,
		// and its moves onto all smaller grids, are made at once and shared by
		// every pair and model that needs them
		List<Pair> pairs = new ArrayList<>();
		Map<String, Set<PairResampling.Grid>> grids = new LinkedHashMap<>();
		Map<String, Set<PairResampling.Destination>> moves = new LinkedHashMap<>();
		for (MinedModel other : others)
			for (LayerSpec a : anchor.layers())
				for (LayerSpec b : other.layers()) {
					Pair pair = new Pair(other.name(), a.output(), b.output(), key(anchor
						.name(), a.output()), key(other.name(), b.output()), centred);
					pairs.add(pair);
					grids.computeIfAbsent(pair.keyA, k -> new LinkedHashSet<>()).add(
						pair.target);
					grids.computeIfAbsent(pair.keyB, k -> new LinkedHashSet<>()).add(
						pair.target);
					if (pair.moved != null) moves.computeIfAbsent(pair.moved,
						k -> new LinkedHashSet<>()).add(pair.destination());
				}
		Map<String, Map<PairResampling.Grid, PairScores.UnitMoments>> moments =
			new HashMap<>();
		grids.forEach((key, onGrids) -> moments.put(key, moments(centred.get(key),
			List.copyOf(onGrids))));
		Map<String, Map<PairResampling.Destination, NDArray>> moved =
			new HashMap<>();
		moves.forEach((key, destinations) -> moved.put(key, moved(centred.get(key),
			List.copyOf(destinations))));
		double flops = 0;
		for (Pair pair : pairs) {
			PairScores scoresOfPair = scores.pair(pair.other, pair.anchorLayer,
				pair.otherLayer, shifts.get(pair.keyA), shifts.get(pair.keyB),
				batchCosines);
			try (NDManager local = centred.get(pair.keyA).getManager()
				.newSubManager())
			{ // the pair's temporaries
				NDArray a = pair.operand(pair.keyA, centred, moved, local);
				NDArray b = pair.operand(pair.keyB, centred, moved, local);
				scoresOfPair.add(a, b, moments.get(pair.keyA).get(pair.target), moments
					.get(pair.keyB).get(pair.target), pair.gridPixels);
				flops += 2.0 * a.getShape().get(0) * b.getShape().get(0) * a.getShape()
					.get(1);
			}
		}
		// the engine may run asynchronously (GPU): reading a result of this batch
		// makes timings honest
		moments.values().iterator().next().values().iterator().next().sums()
			.getDouble(0);
		return flops;
	}

	private static String key(String model, String layer) {
		return model + "\t" + layer;
	}

	/**
	 * One (anchor layer, other layer) pair of a batch: the grid both maps are
	 * resized to, and which map (if any) moves onto the other's smaller grid,
	 * where the GEMM runs.
	 */
	private static final class Pair {

		final String other, anchorLayer, otherLayer, keyA, keyB;
		final PairResampling.Grid target, small;
		/** The key of the map that moves, null when both are on one grid. */
		final String moved;
		final double gridPixels;

		Pair(String other, String anchorLayer, String otherLayer, String keyA,
			String keyB, Map<String, NDArray> centred)
		{
			this.other = other;
			this.anchorLayer = anchorLayer;
			this.otherLayer = otherLayer;
			this.keyA = keyA;
			this.keyB = keyB;
			Shape a = centred.get(keyA).getShape(), b = centred.get(keyB).getShape();
			target = new PairResampling.Grid((int) Math.max(a.get(2), b.get(2)),
				(int) Math.max(a.get(3), b.get(3)));
			PairResampling.Grid gridA = grid(a), gridB = grid(b);
			boolean bMoves = a.get(2) * a.get(3) <= b.get(2) * b.get(3);
			small = bMoves ? gridA : gridB;
			moved = gridA.equals(gridB) ? null : bMoves ? keyB : keyA;
			gridPixels = (double) a.get(1) * target.height() * target.width();
		}

		PairResampling.Destination destination() {
			return new PairResampling.Destination(small, target);
		}

		/**
		 * A map of the pair as (C, N·pixels) on the GEMM's grid, in {@code local}
		 * while it lasts.
		 */
		NDArray operand(String key, Map<String, NDArray> centred,
			Map<String, Map<PairResampling.Destination, NDArray>> moved,
			NDManager local)
		{
			NDArray maps = key.equals(this.moved) ? moved.get(key).get(destination())
				: centred.get(key);
			local.tempAttachAll(maps);
			return maps.reshape(maps.getShape().get(0), -1);
		}

		private static PairResampling.Grid grid(Shape shape) {
			return new PairResampling.Grid((int) shape.get(2), (int) shape.get(3));
		}
	}

	/**
	 * Each layer's maps minus its shifts, channel-first (C, N, h, w) and
	 * contiguous, so every GEMM reads them as is. The raw maps are closed:
	 * nothing after the shift needs them, and the batch's memory stays at one
	 * copy.
	 */
	private void shifted(MinedModel model,
		Map<String, Map<String, NDArray>> activations, Map<String, double[]> shifts,
		Map<String, NDArray> result)
	{
		for (LayerSpec layer : model.layers()) {
			NDArray maps = activations.get(model.name()).get(layer.output());
			String key = key(model.name(), layer.output());
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
				result.put(key, centred);
			}
			maps.close();
		}
	}

	/** The maps' float64 moments on each grid. */
	private Map<PairResampling.Grid, PairScores.UnitMoments> moments(NDArray maps,
		List<PairResampling.Grid> grids)
	{
		NDManager batch = maps.getManager();
		Map<PairResampling.Grid, PairScores.UnitMoments> result = new HashMap<>();
		try (NDManager local = batch.newSubManager()) {
			local.tempAttachAll(maps);
			// one row per grid and moment: views of one array, which they keep
			NDList rows = resampling.moments(maps, grids).split(2L * grids.size());
			for (int g = 0; g < grids.size(); g++) {
				NDArray squares = rows.get(g).squeeze(0);
				NDArray sums = rows.get(grids.size() + g).squeeze(0);
				squares.attach(batch);
				sums.attach(batch);
				result.put(grids.get(g), new PairScores.UnitMoments(squares, sums));
			}
		}
		return result;
	}

	/** The maps moved onto each destination's grid, as (C, N·pixels). */
	private Map<PairResampling.Destination, NDArray> moved(NDArray maps,
		List<PairResampling.Destination> destinations)
	{
		NDManager batch = maps.getManager();
		Map<PairResampling.Destination, NDArray> result = new HashMap<>();
		try (NDManager local = batch.newSubManager()) {
			local.tempAttachAll(maps);
			List<NDArray> moved = resampling.move(maps, destinations);
			for (int d = 0; d < destinations.size(); d++) {
				moved.get(d).attach(batch);
				result.put(destinations.get(d), moved.get(d));
			}
		}
		return result;
	}
}
