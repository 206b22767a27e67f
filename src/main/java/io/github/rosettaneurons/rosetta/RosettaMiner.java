package io.github.rosettaneurons.rosetta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.Progress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rosetta Neurons mining (Dravid et al., ICCV 2023; docs/rosetta.md). Pass 1 collects every unit's mean and
 * standard deviation; pass 2 streams the same images again and accumulates, for every anchor layer × other layer,
 * the products of the z-scored maps as one GEMM per batch, at the smaller map's resolution but exactly equal to
 * correlating both maps bilinearly resized to the larger one. Memory is bounded by one batch of activations plus
 * the float64 sums (8 bytes per anchor unit × other unit, twice for the batch-mean variant), whatever the number
 * of images. Both passes work on image ranges, so a run can be split into shards and merged.
 */
public final class RosettaMiner {

	private static final double STD_EPSILON = 1e-5;

	private final MinedModel anchor;
	private final List<MinedModel> others;
	private final MiningImages images;
	private final MiningOptions options;
	private final MiningClock clock = new MiningClock();

	public RosettaMiner(MinedModel anchor, List<MinedModel> others, MiningImages images, MiningOptions options) {
		Set<String> names = new HashSet<>();
		names.add(anchor.name());
		for (MinedModel other : others) if (!names.add(other.name())) throw new IllegalArgumentException(
			"Two models are named '" + other.name() + "'; give each package a distinct name in its rdf.yaml.");
		if (others.isEmpty()) throw new IllegalArgumentException("Mining needs at least one model besides the anchor.");
		this.anchor = anchor;
		this.others = others;
		this.images = images;
		this.options = options;
	}

	/** Both passes over every image, and the dictionary. */
	public MiningResult mine(Progress progress) {
		UnitStatistics stats = statistics(0, images.size(), progress);
		try (ScoreAccumulators scores = scores(stats, 0, images.size(), progress)) {
			return result(stats, scores);
		}
	}

	/** Pass 1 over images {@code first .. end - 1}. */
	public UnitStatistics statistics(int first, int end, Progress progress) {
		UnitStatistics stats = new UnitStatistics();
		forEachBatch(first, end, "statistics", progress, stats::add);
		return stats;
	}

	/** Pass 2 over images {@code first .. end - 1}, with the statistics of all images (merged, when sharded). */
	public ScoreAccumulators scores(UnitStatistics stats, int first, int end, Progress progress) {
		NDManager manager = DjlEnvironment.engine().newBaseManager(anchor.network().device());
		ScoreAccumulators scores = new ScoreAccumulators(manager);
		try {
			DataType type = options.gemmType();
			PairResampling resampling = new PairResampling(manager, type);
			Map<String, NDArray[]> zScores = new HashMap<>();
			boolean batchCosines = options.scoreVariant() == ScoreVariant.BATCH_MEAN_COSINE;
			forEachBatch(first, end, "correlations", progress, activations -> {
				Map<String, NDArray> anchorMaps = zScored(activations.get(anchor.name()), anchor.name(), stats, zScores,
					manager, type);
				long start = System.nanoTime();
				Map<String, NDArray> norms = new HashMap<>(); // one batch's resized norms, shared by pairs on one grid
				for (MinedModel other : others) {
					Map<String, NDArray> otherMaps = zScored(activations.get(other.name()), other.name(), stats, zScores,
						manager, type);
					for (var a : anchorMaps.entrySet())
						for (var b : otherMaps.entrySet()) {
							Shape shapeA = a.getValue().getShape(), shapeB = b.getValue().getShape();
							int targetH = (int) Math.max(shapeA.get(2), shapeB.get(2));
							int targetW = (int) Math.max(shapeA.get(3), shapeB.get(3));
							NDArray normA = norms.computeIfAbsent(anchor.name() + "\t" + a.getKey() + "\t" + targetH + "x" + targetW,
								k -> resampling.resizedSquaredNorms(a.getValue(), targetH, targetW).toType(DataType.FLOAT64, false));
							NDArray normB = norms.computeIfAbsent(other.name() + "\t" + b.getKey() + "\t" + targetH + "x" + targetW,
								k -> resampling.resizedSquaredNorms(b.getValue(), targetH, targetW).toType(DataType.FLOAT64, false));
							scores.pair(other.name(), a.getKey(), b.getKey(), (int) shapeA.get(0), (int) shapeB.get(0), batchCosines)
								.add(a.getValue(), b.getValue(), normA, normB, resampling);
							clock.correlationFlops += gemmFlops(shapeA, shapeB);
						}
				}
				// the engine may run asynchronously (GPU): reading a result of this batch makes the clock honest
				norms.values().iterator().next().getDouble(0);
				clock.correlationNanos += System.nanoTime() - start;
			});
			return scores;
		}
		catch (RuntimeException e) {
			scores.close();
			throw e;
		}
	}

	/** The score tables and the Rosetta dictionary from finished (possibly merged) sums. */
	public MiningResult result(UnitStatistics stats, ScoreAccumulators scores) {
		List<UnitRef> rows = units(anchor, stats);
		List<ScoreTable> tables = new ArrayList<>();
		for (MinedModel other : others) {
			List<UnitRef> columns = units(other, stats);
			double[] table = new double[rows.size() * columns.size()];
			int rowOffset = 0;
			for (LayerSpec a : anchor.layers()) {
				int columnOffset = 0;
				int anchorUnits = stats.layer(anchor.name(), a.output()).units;
				for (LayerSpec b : other.layers()) {
					PairScores pair = scores.models.get(other.name()).get(ScoreAccumulators.pairKey(a.output(), b.output()));
					double[] block = pair.scores(options.scoreVariant());
					for (int i = 0; i < anchorUnits; i++) System.arraycopy(block, i * pair.otherUnits, table,
						(rowOffset + i) * columns.size() + columnOffset, pair.otherUnits);
					columnOffset += pair.otherUnits;
				}
				rowOffset += anchorUnits;
			}
			tables.add(new ScoreTable(anchor.name(), other.name(), rows, columns, table));
		}
		double[] share = new double[rows.size()];
		int offset = 0;
		for (LayerSpec a : anchor.layers()) {
			double[] layerShare = stats.layer(anchor.name(), a.output()).spatialShare();
			System.arraycopy(layerShare, 0, share, offset, layerShare.length);
			offset += layerShare.length;
		}
		List<RosettaDictionary> pairs = new ArrayList<>();
		if (tables.size() > 1) for (ScoreTable table : tables) pairs.add(RosettaDictionary.build(List.of(table), share, options));
		return new MiningResult(tables, RosettaDictionary.build(tables, share, options), pairs);
	}

	public MinedModel anchor() { return anchor; }
	public List<MinedModel> others() { return others; }
	public MiningImages images() { return images; }
	public MiningOptions options() { return options; }
	/** Where this miner's time went so far. */
	public MiningClock clock() { return clock; }

	/** Everything shards of this run must agree on: models, layers, images and the score definition. */
	public String fingerprint() {
		StringBuilder text = new StringBuilder(options.fingerprint()).append('|').append(images.describe());
		List<MinedModel> all = new ArrayList<>(List.of(anchor));
		all.addAll(others);
		for (MinedModel model : all) {
			text.append('|').append(model.name()).append(':').append(model.network().manifest().weightsSha256(), 0, 16);
			for (LayerSpec layer : model.layers()) text.append(',').append(layer.output());
		}
		return text.toString();
	}

	private void forEachBatch(int first, int end, String pass, Progress progress,
		java.util.function.Consumer<Map<String, Map<String, NDArray>>> consumer)
	{
		if (first < 0 || end > images.size() || first >= end) throw new IllegalArgumentException("Image range " + first +
			".." + (end - 1) + " is empty or outside 0.." + (images.size() - 1) + ".");
		for (int start = first; start < end; start += options.batchSize()) {
			progress.checkCancelled();
			progress.report(start - first, end - first, "Rosetta " + pass + ": image " + (start + 1) + " of " + end);
			int count = Math.min(options.batchSize(), end - start);
			try (NDManager scope = anchor.network().newScope()) {
				long started = System.nanoTime();
				Map<String, Map<String, NDArray>> activations = images.activations(start, count, scope);
				clock.forwardNanos += System.nanoTime() - started;
				clock.images += count;
				consumer.accept(activations);
			}
		}
		progress.report(end - first, end - first, "Rosetta " + pass + ": done");
	}

	private Map<String, NDArray> zScored(Map<String, NDArray> layers, String model, UnitStatistics stats,
		Map<String, NDArray[]> cache, NDManager manager, DataType type)
	{
		Map<String, NDArray> result = new java.util.LinkedHashMap<>();
		layers.forEach((layer, maps) -> {
			NDArray[] meanStd = cache.computeIfAbsent(model + "\t" + layer, k -> {
				double[] mean = stats.mean(model, layer, options.stdVariant());
				double[] std = stats.std(model, layer, options.stdVariant());
				for (int c = 0; c < std.length; c++) std[c] += STD_EPSILON;
				Shape shape = new Shape(1, mean.length, 1, 1);
				return new NDArray[] {manager.create(mean, shape).toType(type, false),
					manager.create(std, shape).toType(type, false)};
			});
			// channel-first (C, N, h, w), made contiguous once so every pair's GEMM reads it without copying
			Shape shape = maps.getShape();
			NDArray z = maps.toType(type, false).sub(meanStd[0]).div(meanStd[1]).transpose(1, 0, 2, 3);
			result.put(layer, z.reshape(shape.get(1), -1).reshape(shape.get(1), shape.get(0), shape.get(2), shape.get(3)));
		});
		return result;
	}

	/** Multiply-adds ×2 of one pair's GEMM on channel-first maps, done at the smaller map's grid. */
	private static double gemmFlops(Shape a, Shape b) {
		double pixels = Math.min(a.get(2) * a.get(3), b.get(2) * b.get(3));
		return 2.0 * a.get(0) * a.get(1) * b.get(0) * pixels;
	}

	private static List<UnitRef> units(MinedModel model, UnitStatistics stats) {
		List<UnitRef> units = new ArrayList<>();
		for (LayerSpec layer : model.layers()) {
			int count = stats.layer(model.name(), layer.output()).units;
			for (int c = 0; c < count; c++) units.add(new UnitRef(model.name(), layer.name(), c));
		}
		return units;
	}
}
