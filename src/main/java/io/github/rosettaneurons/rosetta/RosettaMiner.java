
package io.github.rosettaneurons.rosetta;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.NativeMemory;
import io.github.rosettaneurons.engine.Progress;

/**
 * Rosetta Neurons mining (Dravid et al., ICCV 2023; docs/rosetta.md). For every
 * anchor layer × other layer it accumulates the products of the maps as one
 * GEMM per batch, at the smaller map's resolution but exactly equal to
 * correlating both maps bilinearly resized to the larger one, and each unit's
 * mean and standard deviation. The default global cosine needs the means only
 * at the end ({@link PairScores} moves its sums onto them), so statistics,
 * scores and example candidates come from <b>one pass</b> over the images; the
 * reference's batch-mean cosine needs the means in every batch and takes two
 * passes (statistics, then scores). Memory is bounded by one batch of
 * activations plus the float64 sums (8 bytes per anchor unit × other unit,
 * twice for the batch-mean variant), whatever the number of images. Both passes
 * work on image ranges, so a run can be split into shards and merged.
 */
public final class RosettaMiner {

	private final MinedModel anchor;
	private final List<MinedModel> others;
	private final MiningImages images;
	private final MiningOptions options;
	private final MiningClock clock = new MiningClock();

	/** What one pass over a range of images gives: the statistics, the score sums and candidates for examples. */
	public record Pass(UnitStatistics statistics, ScoreAccumulators scores, ExampleCandidates candidates)
		implements AutoCloseable
	{

	@Override
	public void close() {
		scores.close();
	}

	}

	public RosettaMiner(MinedModel anchor, List<MinedModel> others,
		MiningImages images, MiningOptions options)
	{
		Set<String> names = new HashSet<>();
		names.add(anchor.name());
		for (MinedModel other : others)
			if (!names.add(other.name())) throw new IllegalArgumentException(
				"Two models are named '" + other.name() +
					"'; give each package a distinct name in its rdf.yaml.");
		if (others.isEmpty()) throw new IllegalArgumentException(
			"Mining needs at least one model besides the anchor.");
		this.anchor = anchor;
		this.others = others;
		this.images = images;
		this.options = options;
	}

	/** Every image, and the dictionary. */
	public MiningResult mine(Progress progress) {
		try (Pass pass = sums(0, images.size(), progress)) {
			return result(pass.statistics(), pass.scores());
		}
	}

	/**
	 * Whether {@link #onePass} can compute this run's scores (the global cosine).
	 */
	public boolean singlePass() {
		return options.scoreVariant() == ScoreVariant.GLOBAL_COSINE;
	}

	/**
	 * Statistics and scores of images {@code first .. end - 1}: one pass where
	 * possible, else two.
	 */
	public Pass sums(int first, int end, Progress progress) {
		if (singlePass()) return onePass(first, end, progress);
		UnitStatistics stats = statistics(first, end, progress);
		return new Pass(stats, scores(stats, first, end, progress), null);
	}

	/**
	 * One pass over images {@code first .. end - 1} for the global cosine:
	 * statistics, score sums taken about the first batch's means (moved onto the
	 * final means when the scores are read), and example candidates.
	 */
	public Pass onePass(int first, int end, Progress progress) {
		if (!singlePass()) throw new IllegalStateException(
			"The batch-mean cosine needs the statistics first");
		UnitStatistics stats = new UnitStatistics();
		ExampleCandidates candidates = new ExampleCandidates();
		ScoreAccumulators scores = new ScoreAccumulators(DjlEnvironment.engine()
			.newBaseManager(anchor.network().device()));
		try {
			CorrelationStep step = new CorrelationStep(anchor, others, options,
				scores.manager);
			Map<String, double[]> shifts = new HashMap<>();
			forEachBatch(first, end, "mining", progress, (firstImage,
				activations) -> {
				stats.add(activations).forEach((model, layers) -> layers.forEach((layer,
					batch) -> {
					candidates.add(model, layer, firstImage, batch);
					shifts.computeIfAbsent(model + "\t" + layer, k -> step.representable(
						batch.batchMeans()));
				}));
				correlate(step, activations, shifts, scores);
			});
			return new Pass(stats, scores, candidates);
		}
		catch (RuntimeException e) {
			scores.close();
			throw e;
		}
	}

	/** Pass 1 over images {@code first .. end - 1}. */
	public UnitStatistics statistics(int first, int end, Progress progress) {
		UnitStatistics stats = new UnitStatistics();
		forEachBatch(first, end, "statistics", progress, (firstImage,
			activations) -> stats.add(activations));
		return stats;
	}

	/**
	 * Pass 2 over images {@code first .. end - 1}, with the statistics of all
	 * images (merged, when sharded): the sums are taken about the final means, as
	 * the batch-mean cosine needs.
	 */
	public ScoreAccumulators scores(UnitStatistics stats, int first, int end,
		Progress progress)
	{
		ScoreAccumulators scores = new ScoreAccumulators(DjlEnvironment.engine()
			.newBaseManager(anchor.network().device()));
		try {
			CorrelationStep step = new CorrelationStep(anchor, others, options,
				scores.manager);
			Map<String, double[]> shifts = new HashMap<>();
			stats.models.forEach((model, layers) -> layers.forEach((layer,
				layerStats) -> shifts.put(model + "\t" + layer, step.representable(
					layerStats.mean(options.stdVariant())))));
			forEachBatch(first, end, "correlations", progress, (firstImage,
				activations) -> correlate(step, activations, shifts, scores));
			return scores;
		}
		catch (RuntimeException e) {
			scores.close();
			throw e;
		}
	}

	/** One timing of the correlation step alone on one batch, and its GEMM FLOPs. */
	public record StepTiming(double flops, double wallSeconds,
		double threadCpuSeconds)
	{}

	/**
	 * Times the correlation step alone, {@code repeats} times on the first
	 * batch's activations (shifted by their own means), running
	 * {@code beforeEach} before each repeat (untimed): a benchmark measures the
	 * matmul peak there, so that each step is compared with a peak taken moments
	 * before it on a machine whose speed drifts. The thread CPU time counts the
	 * calling thread only, which does all the work with one libtorch thread.
	 */
	public List<StepTiming> timeCorrelationStep(int repeats, Runnable beforeEach) {
		int count = Math.min(options.batchSize(), images.size());
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		try (NDManager scope = anchor.network().newScope();
				ScoreAccumulators scores = new ScoreAccumulators(DjlEnvironment.engine()
					.newBaseManager(anchor.network().device())))
		{
			Map<String, Map<String, NDArray>> activations = images.activations(0,
				count, scope);
			CorrelationStep step = new CorrelationStep(anchor, others, options,
				scores.manager);
			Map<String, double[]> shifts = new HashMap<>();
			new UnitStatistics().add(activations).forEach((model, layers) -> layers
				.forEach((layer, batch) -> shifts.put(model + "\t" + layer, step
					.representable(batch.batchMeans()))));
			List<StepTiming> timings = new ArrayList<>();
			for (int r = 0; r < repeats; r++)
				try (NDManager repeat = scope.newSubManager()) {
					// the step closes the maps it is given: each repeat gets copies
					Map<String, Map<String, NDArray>> copies = new HashMap<>();
					activations.forEach((model, layers) -> {
						Map<String, NDArray> maps = new HashMap<>();
						layers.forEach((layer, map) -> {
							NDArray copy = map.duplicate();
							copy.attach(repeat);
							maps.put(layer, copy);
						});
						copies.put(model, maps);
					});
					beforeEach.run();
					// no trimming before the step: in a run it reuses the pages the
					// forward passes freed
					long start = System.nanoTime(), startCpu = threads
						.getCurrentThreadCpuTime();
					double flops = step.add(copies, shifts, scores);
					timings.add(new StepTiming(flops, (System.nanoTime() - start) / 1e9,
						(threads.getCurrentThreadCpuTime() - startCpu) / 1e9));
				}
			return timings;
		}
	}

	private void correlate(CorrelationStep step,
		Map<String, Map<String, NDArray>> activations, Map<String, double[]> shifts,
		ScoreAccumulators scores)
	{
		long start = System.nanoTime();
		clock.addCorrelation(step.add(activations, shifts, scores), System
			.nanoTime() - start);
	}

	/**
	 * The score tables and the Rosetta dictionary from finished (possibly merged)
	 * sums.
	 */
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
					PairScores pair = scores.models.get(other.name()).get(
						ScoreAccumulators.pairKey(a.output(), b.output()));
					pair.scoresInto(options.scoreVariant(), stats.mean(anchor.name(), a
						.output(), options.stdVariant()), stats.mean(other.name(), b
							.output(), options.stdVariant()), table, rowOffset, columns
								.size(), columnOffset);
					columnOffset += pair.otherUnits;
				}
				rowOffset += anchorUnits;
			}
			tables.add(new ScoreTable(anchor.name(), other.name(), rows, columns,
				table));
		}
		double[] share = new double[rows.size()];
		int offset = 0;
		for (LayerSpec a : anchor.layers()) {
			double[] layerShare = stats.layer(anchor.name(), a.output())
				.spatialShare();
			System.arraycopy(layerShare, 0, share, offset, layerShare.length);
			offset += layerShare.length;
		}
		List<RosettaDictionary> pairs = new ArrayList<>();
		if (tables.size() > 1) for (ScoreTable table : tables)
			pairs.add(RosettaDictionary.build(List.of(table), share, options));
		return new MiningResult(tables, RosettaDictionary.build(tables, share,
			options), pairs);
	}

	public MinedModel anchor() {
		return anchor;
	}

	public List<MinedModel> others() {
		return others;
	}

	public MiningImages images() {
		return images;
	}

	public MiningOptions options() {
		return options;
	}

	/** Where this miner's time went so far. */
	public MiningClock clock() {
		return clock;
	}

	/**
	 * Everything shards of this run must agree on: models, layers, images and the
	 * score definition.
	 */
	public String fingerprint() {
		StringBuilder text = new StringBuilder(options.fingerprint()).append('|')
			.append(images.describe());
		List<MinedModel> all = new ArrayList<>(List.of(anchor));
		all.addAll(others);
		for (MinedModel model : all) {
			text.append('|').append(model.name()).append(':').append(model.network()
				.manifest().weightsSha256(), 0, 16);
			for (LayerSpec layer : model.layers())
				text.append(',').append(layer.output());
		}
		return text.toString();
	}

	private void forEachBatch(int first, int end, String pass, Progress progress,
		java.util.function.BiConsumer<Integer, Map<String, Map<String, NDArray>>> consumer)
	{
		if (first < 0 || end > images.size() || first >= end)
			throw new IllegalArgumentException("Image range " + first + ".." + (end -
				1) + " is empty or outside 0.." + (images.size() - 1) + ".");
		NativeMemory.Ceiling memory = new NativeMemory.Ceiling();
		for (int start = first; start < end; start += options.batchSize()) {
			progress.checkCancelled();
			progress.report(start - first, end - first, "Rosetta " + pass +
				": image " + (start + 1) + " of " + end);
			int count = Math.min(options.batchSize(), end - start);
			try (NDManager scope = anchor.network().newScope()) {
				long started = System.nanoTime();
				Map<String, Map<String, NDArray>> activations = images.activations(
					start, count, scope);
				clock.forwardNanos += System.nanoTime() - started;
				// what the forward passes freed stays in malloc's heaps for the step's
				// temporaries: handed back first, every page the step touches would be
				// faulted in afresh (a sixth of the step); the ceiling (below) keeps
				// the memory bounded
				clock.images += count;
				consumer.accept(start, activations);
			}
			memory.afterBatch();
		}
		progress.report(end - first, end - first, "Rosetta " + pass + ": done");
	}

	private static List<UnitRef> units(MinedModel model, UnitStatistics stats) {
		List<UnitRef> units = new ArrayList<>();
		for (LayerSpec layer : model.layers()) {
			int count = stats.layer(model.name(), layer.output()).units;
			for (int c = 0; c < count; c++)
				units.add(new UnitRef(model.name(), layer.name(), c));
		}
		return units;
	}
}
