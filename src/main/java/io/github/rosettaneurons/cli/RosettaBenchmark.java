package io.github.rosettaneurons.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.Numbers;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.Progress;
import io.github.rosettaneurons.rosetta.FolderImages;
import io.github.rosettaneurons.rosetta.MiningClock;
import io.github.rosettaneurons.rosetta.MiningSetup;
import io.github.rosettaneurons.rosetta.RosettaMiner;
import io.github.rosettaneurons.rosetta.ScoreAccumulators;
import io.github.rosettaneurons.rosetta.UnitStatistics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Set;

/**
 * {@code bench-rosetta}: images per second, achieved GFLOP/s of the correlation step against this machine's
 * libtorch float32 matmul peak measured in the same run, and peak memory, for one mining run (both passes).
 * With a generator anchor the images are its samples; otherwise synthetic images of {@code --size} px.
 */
final class RosettaBenchmark {

	static final Set<String> KEYS = Set.of("anchor", "models", "images", "size", "batch");

	private RosettaBenchmark() {}

	static int run(Arguments arguments) {
		int count = arguments.integer("images", 64);
		var options = MineJob.options(arguments);
		System.out.println("device: " + DjlEnvironment.describe() + ", threads: " + Runtime.getRuntime().availableProcessors());
		double peak = matmulPeak();
		Numbers.printf(System.out, "libtorch float32 matmul peak: %.1f GFLOP/s%n", peak);
		try (MiningSetup setup = MiningSetup.open(Paths.get(arguments.require("anchor")),
			MiningSetup.paths(arguments.require("models"))))
		{
			RosettaMiner miner = setup.anchorIsGenerator() ? setup.miner(null, 0, count, -1, options)
				: new RosettaMiner(setup.anchor(), setup.others(),
					new FolderImages(new SyntheticImages(count, arguments.integer("size", 224), 0), setup.all()), options);
			long start = System.nanoTime();
			UnitStatistics stats = miner.statistics(0, count, Progress.NONE);
			try (ScoreAccumulators scores = miner.scores(stats, 0, count, Progress.NONE)) {
				miner.result(stats, scores);
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			MiningClock clock = miner.clock();
			System.out.println("images: " + miner.images().describe());
			Numbers.printf(System.out, "wall: %.1f s for %d images (both passes): %.2f images/s%n", seconds, count, count / seconds);
			Numbers.printf(System.out, "forward passes: %.1f s; correlation step: %.1f s%n", clock.forwardSeconds(),
				clock.correlationSeconds());
			Numbers.printf(System.out, "correlation: %.1f GFLOP/s = %.0f %% of the matmul peak%n", clock.correlationGflops(),
				100 * clock.correlationGflops() / peak);
			Numbers.printf(System.out, "peak resident memory: %.0f MB (JVM heap max %.0f MB)%n", peakResidentMb(),
				Runtime.getRuntime().maxMemory() / 1e6);
			Numbers.printf(System.out, "projected for 1000 images: %.1f min%n", seconds / count * 1000 / 60);
		}
		return 0;
	}

	/** Best of a few large float32 matrix products on the plugin's device. */
	static double matmulPeak() {
		try (NDManager manager = DjlEnvironment.engine().newBaseManager(DjlEnvironment.device())) {
			double best = 0;
			for (int n : new int[] {1024, 2048}) {
				NDArray a = manager.randomNormal(new Shape(n, n));
				NDArray b = manager.randomNormal(new Shape(n, n));
				a.matMul(b).getFloat(0, 0);
				for (int repeat = 0; repeat < 3; repeat++) {
					long start = System.nanoTime();
					a.matMul(b).getFloat(0, 0);
					best = Math.max(best, 2.0 * n * n * n / (System.nanoTime() - start));
				}
			}
			return best;
		}
	}

	/** The process's peak resident set (Linux), which includes libtorch's native memory. */
	static double peakResidentMb() {
		try {
			for (String line : Files.readAllLines(Paths.get("/proc/self/status")))
				if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
		}
		catch (IOException | NumberFormatException e) {
			// not Linux: unknown
		}
		return Double.NaN;
	}
}
