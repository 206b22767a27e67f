
package io.github.rosettaneurons.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;

import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.data.Numbers;
import io.github.rosettaneurons.dissect.DissectOptions;
import io.github.rosettaneurons.dissect.LayerResult;
import io.github.rosettaneurons.dissect.NetworkDissection;
import io.github.rosettaneurons.dissect.TallyKernel;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.Folders;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;

/**
 * {@code bench-dissect}: a dissection's stage times (forward pass with
 * activation caching, exact thresholds, tally), units × images per second and
 * peak memory, against the targets for ResNet-50 layer4 (2,048 units, 1,000
 * images of 224 px, 112 px masks): under 10 minutes and 2 GB; then the tally
 * stage again on the same caches, by cells and with whole upsampled maps.
 * Without {@code --concepts} it writes a synthetic Broden-format set of
 * {@code --images} images first (not timed).
 */
final class DissectBenchmark {

	static final Set<String> KEYS = Set.of("model", "concepts", "layers",
		"images", "size", "mask", "batch", "quantile");

	private static final double TARGET_MINUTES = 10;
	private static final double TARGET_MB = 2000;
	private static final int ROUNDS = 2;

	private DissectBenchmark() {}

	static int run(Arguments arguments) throws IOException {
		ModelPackage modelPackage = ModelPackage.open(Paths.get(arguments.require(
			"model")));
		DissectOptions options = DissectOptions.defaults().withLayers(arguments.get(
			"layers", "")).withBatchSize(arguments.integer("batch", 8)).withTopImages(
				0).withQuantile(arguments.number("quantile", 0.005),
					DissectOptions.LevelRule.REFERENCE);
		Path scratch = Files.createTempDirectory("bench-dissect");
		try {
			Path concepts;
			if (arguments.get("concepts", null) != null) concepts = Paths.get(
				arguments.get("concepts", null));
			else {
				concepts = scratch.resolve("concepts");
				int size = arguments.integer("size", 224);
				SyntheticConcepts.write(concepts, arguments.integer("images", 100),
					size, arguments.integer("mask", size / 2), 0);
			}
			BrodenDataset dataset = BrodenDataset.open(concepts);
			System.out.println("device: " + DjlEnvironment.describe() +
				", threads: " + Runtime.getRuntime().availableProcessors());
			System.out.println("concepts: " + dataset.images().describe() + ", " +
				dataset.labels().size() + " labels, masks " + dataset.entry(0)
					.maskWidth() + " px");
			try (Network network = modelPackage.load();
					NetworkDissection dissection = new NetworkDissection(network, dataset,
						options, scratch.resolve("cache")))
			{
				List<LayerResult> layers = dissection.run(Progress.NONE);
				NetworkDissection.StageTimes times = dissection.times();
				long units = layers.stream().mapToLong(layer -> layer.units().size())
					.sum();
				int images = dataset.size();
				System.out.println("model: " + modelPackage.name() + ", layers " +
					dissection.layers().stream().map(layer -> layer.name()).toList() +
					": " + units + " units");
				for (LayerResult layer : layers)
					System.out.println("  " + layer.summary());
				Numbers.printf(System.out,
					"forward pass + caching: %.1f s; exact thresholds: %.1f s; tally: %.1f s; total %.1f s%n",
					times.forward(), times.thresholds(), times.tally(), times.total());
				Numbers.printf(System.out,
					"units x images per second: %.0f (tally alone: %.0f)%n", units *
						images / times.total(), units * images / times.tally());
				compareTallies(dissection);
				double projected = times.total() / images * 1000 / 60;
				Numbers.printf(System.out,
					"projected for 1000 images: %.1f min = %.2f x the %.0f min target%n",
					projected, projected / TARGET_MINUTES, TARGET_MINUTES);
				double peak = RosettaBenchmark.peakResidentMb();
				Numbers.printf(System.out,
					"peak resident memory: %.0f MB = %.2f x the %.0f MB target (JVM heap max %.0f MB)%n",
					peak, peak / TARGET_MB, TARGET_MB, Runtime.getRuntime().maxMemory() /
						1e6);
			}
		}
		finally {
			Folders.deleteTree(scratch, false);
		}
		return 0;
	}

	/**
	 * The tally stage again, alternating the cell tally and the dense one it
	 * replaced, {@link #ROUNDS} rounds: each kernel's best wall and CPU time, the
	 * ratios, and how many counts each changes against the run's tally.
	 */
	private static void compareTallies(NetworkDissection dissection) {
		TallyKernel[] kernels = { TallyKernel.AUTOMATIC, TallyKernel.DENSE };
		double[] wall = { Double.MAX_VALUE, Double.MAX_VALUE };
		double[] cpu = { Double.MAX_VALUE, Double.MAX_VALUE };
		long[] differing = new long[2];
		long counts = 0;
		for (int round = 0; round < ROUNDS; round++)
			for (int k = 0; k < kernels.length; k++) {
				double cpuStart = RosettaBenchmark.cpuSeconds();
				NetworkDissection.Retally again = dissection.retally(kernels[k],
					Progress.NONE);
				cpu[k] = Math.min(cpu[k], RosettaBenchmark.cpuSeconds() - cpuStart);
				wall[k] = Math.min(wall[k], again.seconds());
				differing[k] = again.differing();
				counts = again.counts();
			}
		Numbers.printf(System.out,
			"tally, best of %d: cells %.2f s (CPU %.2f s), whole upsampled maps %.2f s (CPU %.2f s): cells %.2f x as fast (CPU %.2f x)%n",
			ROUNDS, wall[0], cpu[0], wall[1], cpu[1], wall[1] / wall[0], cpu[1] /
				cpu[0]);
		Numbers.printf(System.out,
			"counts that differ from the run's tally (%d in all): cells %d, whole upsampled maps %d%n",
			counts, differing[0], differing[1]);
	}
}
