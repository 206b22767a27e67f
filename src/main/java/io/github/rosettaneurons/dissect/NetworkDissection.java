
package io.github.rosettaneurons.dissect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.ActivationBatches;
import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.data.ConceptLabel;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.NativeMemory;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;

/**
 * Network Dissection of some layers of one model over a Broden-format concept
 * set, in three streamed stages: one forward pass that spills each layer's maps
 * to a float32 cache file (and tracks per-unit extremes and top images), the
 * exact per-unit threshold from the cache ({@link UnitQuantile}), and one tally
 * pass that reads each image's masks once and adds every layer's intersections
 * and unions ({@link ConceptTally}). Memory is bounded by a batch whatever the
 * number of images; the caches live in the work folder and are deleted on
 * close.
 */
public final class NetworkDissection implements AutoCloseable {

	private final Network network;
	private final BrodenDataset dataset;
	private final DissectOptions options;
	private final List<LayerSpec> layers;
	private final Map<String, ActivationCache> caches = new LinkedHashMap<>();
	private final Map<String, TopImages> topImages = new LinkedHashMap<>();
	private final Path work;
	private final double[] seconds = new double[3];
	private Map<String, float[]> thresholds;
	private Map<String, ConceptTally> tallies;

	/**
	 * A second tally of the same caches, for benchmarks: its wall time and how
	 * many of the counts (I, A and G of every layer) differ from the run's.
	 */
	public record Retally(double seconds, long counts, long differing) {}

	/** Wall time of the three stages of {@link #run}, for benchmarks. */
	public record StageTimes(double forward, double thresholds, double tally) {
		public double total() {
			return forward + thresholds + tally;
		}
	}

	/**
	 * @param work a folder for the activation caches (one float32 file per layer:
	 *          images × units × h × w)
	 */
	public NetworkDissection(Network network, BrodenDataset dataset,
		DissectOptions options, Path work)
	{
		this.network = network;
		this.dataset = dataset;
		this.options = options;
		this.layers = network.manifest().layers(options.layers());
		this.work = work;
	}

	/**
	 * Runs all stages; the caches stay available to {@link #unitMap} until
	 * {@link #close}.
	 */
	public List<LayerResult> run(Progress progress) throws IOException {
		Files.createDirectories(work);
		long start = System.nanoTime();
		forward(progress);
		long forwardDone = System.nanoTime();
		thresholds = new LinkedHashMap<>();
		try (NDManager manager = network.newScope()) {
			for (LayerSpec layer : layers) {
				progress.report(0, 1, "thresholds of " + layer.name());
				thresholds.put(layer.output(), UnitQuantile.compute(caches.get(layer
					.output()), options.level(), manager, progress));
			}
		}
		long thresholdsDone = System.nanoTime();
		tallies = tally(TallyKernel.AUTOMATIC, progress);
		seconds[0] = (forwardDone - start) / 1e9;
		seconds[1] = (thresholdsDone - forwardDone) / 1e9;
		seconds[2] = (System.nanoTime() - thresholdsDone) / 1e9;
		List<LayerResult> results = new ArrayList<>();
		for (LayerSpec layer : layers)
			results.add(new LayerResult(layer.name(), dataset.categories(),
				UnitScoring.score(tallies.get(layer.output()), dataset.categories(),
					dataset.labels(), thresholds.get(layer.output()), topImages.get(layer
						.output()).result()), options.iouThreshold()));
		return results;
	}

	private void forward(Progress progress) {
		ActivationBatches.forEach(network, dataset.images(), layers, options
			.batchSize(), stage(progress, "forward pass"), (first, images,
				activations) -> {
				for (LayerSpec layer : layers) {
					NDArray maps = activations.get(layer.output());
					Shape shape = maps.getShape();
					if (shape.dimension() != 4) throw new IllegalArgumentException(
						"Layer '" + layer.name() + "' of " + network.name() +
							" gives shape " + shape +
							"; dissection needs (batch, units, h, w) maps.");
					int units = (int) shape.get(1);
					ActivationCache cache = caches.computeIfAbsent(layer.output(),
						key -> new ActivationCache(work.resolve("cache-" + caches.size() +
							".f32"), units, (int) shape.get(2), (int) shape.get(3)));
					topImages.computeIfAbsent(layer.output(), key -> new TopImages(units,
						Math.max(1, options.topImages()))).offer(first, maps.reshape(images
							.size(), units, -1).max(new int[] { 2 }).toFloatArray(), images
								.size());
					cache.append(maps);
				}
				NativeMemory.releaseFreed(); // the forward pass's free pieces
			});
	}

	/**
	 * Tallies the caches again with {@code kernel} and compares with the run's
	 * tally; call after {@link #run}.
	 */
	public Retally retally(TallyKernel kernel, Progress progress) {
		long start = System.nanoTime();
		Map<String, ConceptTally> again = tally(kernel, progress);
		double elapsed = (System.nanoTime() - start) / 1e9;
		long counts = 0, differing = 0;
		for (String layer : tallies.keySet()) {
			long[][][] ours = tallies.get(layer).counts();
			long[][][] theirs = again.get(layer).counts();
			for (int table = 0; table < ours.length; table++)
				for (int row = 0; row < ours[table].length; row++)
					for (int column = 0; column < ours[table][row].length; column++) {
						counts++;
						if (ours[table][row][column] != theirs[table][row][column])
							differing++;
					}
		}
		return new Retally(elapsed, counts, differing);
	}

	private Map<String, ConceptTally> tally(TallyKernel kernel,
		Progress progress)
	{
		List<String> categories = dataset.categories();
		int[] primary = new int[dataset.maxLabel() + 1];
		Arrays.fill(primary, -1);
		for (ConceptLabel label : dataset.labels())
			if (label.primaryCategory() != null) primary[label.number()] = categories
				.indexOf(label.primaryCategory());
		Map<String, ConceptTally> tallies = new LinkedHashMap<>();
		for (LayerSpec layer : layers)
			tallies.put(layer.output(), new ConceptTally(thresholds.get(layer
				.output()), options.union(), dataset.maxLabel(), categories.size(),
				kernel));
		int size = dataset.size();
		try (ConceptBatches batches = new ConceptBatches(dataset, options
			.batchSize(), primary, categories.size()))
		{
			for (ConceptBatches.Batch batch = batches.next(); batch != null; batch =
				batches.next())
			{
				progress.checkCancelled();
				progress.report(batch.first(), size, "tally: image " + (batch.first() +
					1) + " of " + size);
				for (LayerSpec layer : layers)
					try (NDManager scope = network.newScope()) {
						tallies.get(layer.output()).add(scope, caches.get(layer.output())
							.read(scope, batch.first(), batch.concepts().images), batch
								.concepts());
					}
			}
		}
		progress.report(size, size, "tally done");
		return tallies;
	}

	/**
	 * The (h × w) activation map of {@code unit} of {@code layer} (its output
	 * key) on image {@code image}.
	 */
	float[] unitMap(String layer, int image, int unit) {
		return caches.get(layer).map(image, unit);
	}

	/** The (h, w) grid of a layer's maps. */
	int[] grid(String layer) {
		ActivationCache cache = caches.get(layer);
		return new int[] { cache.height(), cache.width() };
	}

	/** The layers dissected, in order. */
	public List<LayerSpec> layers() {
		return layers;
	}

	/** Stage times of the last {@link #run}. */
	public StageTimes times() {
		return new StageTimes(seconds[0], seconds[1], seconds[2]);
	}

	private static Progress stage(Progress progress, String name) {
		return new Progress() {

			@Override
			public void report(long done, long total, String message) {
				progress.report(done, total, name + ": " + message);
			}

			@Override
			public boolean cancelled() {
				return progress.cancelled();
			}
		};
	}

	@Override
	public void close() {
		for (ActivationCache cache : caches.values())
			cache.close();
		caches.clear();
	}
}
