
package io.github.rosettaneurons.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ij.ImagePlus;
import ij.io.FileSaver;
import io.github.rosettaneurons.data.Numbers;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.Folders;
import io.github.rosettaneurons.engine.NativeMemory;
import io.github.rosettaneurons.engine.Progress;
import io.github.rosettaneurons.rosetta.ExampleCandidates;
import io.github.rosettaneurons.rosetta.FolderImages;
import io.github.rosettaneurons.rosetta.MiningClock;
import io.github.rosettaneurons.rosetta.MiningResult;
import io.github.rosettaneurons.rosetta.MiningSetup;
import io.github.rosettaneurons.rosetta.RosettaExamples;
import io.github.rosettaneurons.rosetta.RosettaMiner;
import io.github.rosettaneurons.rosetta.ScoreAccumulators;
import io.github.rosettaneurons.rosetta.UnitRef;
import io.github.rosettaneurons.rosetta.UnitStatistics;

/**
 * {@code bench-rosetta}: one mining run, examples included, done twice in one
 * process: the one-pass miner (statistics, scores and example candidates
 * together) and the two-pass way with an exhaustive examples pass (what a run
 * from shard files and the batch-mean cosine still do). Prints both times and
 * their ratio, the images/s, the correlation step's GFLOP/s against this
 * machine's libtorch float32 matmul peak measured in the same run (the best of
 * its measurements around the step alone; and, first, the step alone on one
 * batch over a few repeats, per wall and per CPU second, which other processes
 * disturb far less, also against the peak measured just before each repeat),
 * the peak memory after the one-pass run, and how far the two results differ. With a generator anchor the
 * images are its samples; otherwise synthetic images of {@code --size} px.
 */
final class RosettaBenchmark {

	static final Set<String> KEYS = Set.of("anchor", "models", "images", "size",
		"batch", "examples");

	private RosettaBenchmark() {}

	static int run(Arguments arguments) throws IOException, InterruptedException {
		int count = arguments.integer("images", 64);
		int examples = arguments.integer("examples", 8);
		var options = MineJob.options(arguments);
		System.out.println("device: " + DjlEnvironment.describe() + ", threads: " +
			Runtime.getRuntime().availableProcessors());
		MatmulPeak matmul = matmulPeak();
		boolean generatorAnchor;
		Numbers.printf(System.out, "libtorch float32 matmul peak: %.1f GFLOP/s%n",
			matmul.gflops());
		try (MiningSetup setup = MiningSetup.open(Paths.get(arguments.require(
			"anchor")), MiningSetup.paths(arguments.require("models"))))
		{
			generatorAnchor = setup.anchorIsGenerator();
			java.util.function.Supplier<RosettaMiner> miners = () -> setup
				.anchorIsGenerator() ? setup.miner(null, 0, count, -1, options)
					: new RosettaMiner(setup.anchor(), setup.others(), new FolderImages(
						new SyntheticImages(count, arguments.integer("size", 224), 0), setup
							.all()), options);
			RosettaMiner warmUp = miners.get();
			try (RosettaMiner.Pass pass = warmUp.onePass(0, Math.min(count, options
				.batchSize()), Progress.NONE))
			{
				warmUp.result(pass.statistics(), pass.scores()); // first calls of the
																													// graphs and kernels
																													// are slow
			}
			System.out.println("images: " + warmUp.images().describe() + ", batch " +
				options.batchSize() + ", " + options.gemmType().name().toLowerCase(
					Locale.ROOT) + " products, " + examples + " examples");

			List<MatmulPeak> peaks = new ArrayList<>(List.of(matmul));
			List<RosettaMiner.StepTiming> steps = miners.get().timeCorrelationStep(
				STEP_REPEATS, () -> peaks.add(matmulPeak()));
			peaks.add(matmulPeak());
			// the steps against the best peak seen: a low measurement would flatter
			// them
			double peak = peaks.stream().mapToDouble(MatmulPeak::gflops).max()
				.orElseThrow();
			reportStepAlone(steps, peaks, peak);

			RosettaMiner onePass = miners.get();
			long start = System.nanoTime();
			double cpu = cpuSeconds();
			MiningResult newResult;
			List<RosettaExamples.Example> newExamples;
			double newExamplesSeconds;
			int newExampleImages;
			try (RosettaMiner.Pass pass = onePass.onePass(0, count, Progress.NONE)) {
				newResult = onePass.result(pass.statistics(), pass.scores());
				long examplesStart = System.nanoTime();
				newExamples = RosettaExamples.find(onePass, pass.statistics(), newResult
					.dictionary(), examples, pass.candidates(), Progress.NONE);
				newExamplesSeconds = (System.nanoTime() - examplesStart) / 1e9;
				newExampleImages = RosettaExamples.searchedImages(onePass, newResult
					.dictionary(), examples, pass.candidates());
			}
			double newSeconds = (System.nanoTime() - start) / 1e9;
			double newCpu = cpuSeconds() - cpu;
			double newPeak = peakResidentMb();
			report("one pass", onePass.clock(), count, newSeconds, newCpu, peak);
			Numbers.printf(System.out,
				"  of which examples: %.1f s for the %d candidate images (at most %d whatever the " +
					"number of images)%n", newExamplesSeconds, newExampleImages,
				examples * (1 + setup.others().size()) * ExampleCandidates.PER_UNIT);
			Numbers.printf(System.out,
				"peak resident memory after the one-pass run: %.0f MB (JVM heap max %.0f MB)%n",
				newPeak, Runtime.getRuntime().maxMemory() / 1e6);

			RosettaMiner twoPass = miners.get();
			start = System.nanoTime();
			cpu = cpuSeconds();
			UnitStatistics stats = twoPass.statistics(0, count, Progress.NONE);
			MiningResult oldResult;
			try (ScoreAccumulators scores = twoPass.scores(stats, 0, count,
				Progress.NONE))
			{
				oldResult = twoPass.result(stats, scores);
			}
			long examplesStart = System.nanoTime();
			List<RosettaExamples.Example> oldExamples = RosettaExamples.find(twoPass,
				stats, oldResult.dictionary(), examples, null, Progress.NONE);
			double oldExamplesSeconds = (System.nanoTime() - examplesStart) / 1e9;
			double oldSeconds = (System.nanoTime() - start) / 1e9;
			double oldCpu = cpuSeconds() - cpu;
			report("two passes + examples pass", twoPass.clock(), count, oldSeconds,
				oldCpu, peak);
			Numbers.printf(System.out,
				"  of which examples: %.1f s for all %d images%n", oldExamplesSeconds,
				count);
			Numbers.printf(System.out,
				"one pass is %.2f x as fast as two passes + examples pass (%.2f x in CPU time)%n",
				oldSeconds / newSeconds, oldCpu / newCpu);
			compare(newResult, oldResult, newExamples, oldExamples);
			Numbers.printf(System.out,
				"projected for 1000 images (one pass): %.1f min%n", newSeconds / count *
					1000 / 60);
		}
		for (String precision : new String[] { "float32", "float64" })
			plainCommandPeak(arguments, precision, count, generatorAnchor);
		return 0;
	}

	/**
	 * Runs the documented command, {@code java -jar … mine} with no JVM flag, on
	 * the same models and images in a child process, and prints the peak resident
	 * memory it reports: what a user's run takes, unlike this process, which
	 * holds three runs' worth of garbage and engine state.
	 */
	private static void plainCommandPeak(Arguments arguments, String precision,
		int count, boolean generatorAnchor) throws IOException, InterruptedException
	{
		Path work = Files.createTempDirectory("rosetta-bench-mine");
		try {
			List<String> command = new ArrayList<>(List.of(Paths.get(System
				.getProperty("java.home"), "bin", "java").toString()));
			String classPath = System.getProperty("java.class.path");
			if (classPath.endsWith(".jar") && !classPath.contains(
				java.io.File.pathSeparator)) command.addAll(List.of("-jar", classPath));
			else command.addAll(List.of("-cp", classPath, RosettaCli.class
				.getName()));
			command.addAll(List.of("mine", "--anchor", arguments.require("anchor"),
				"--models", arguments.require("models"), "--batch", String.valueOf(
					arguments.integer("batch", 8)), "--precision", precision,
				"--examples", String.valueOf(arguments.integer("examples", 8)), "--out",
				work.resolve("out").toString()));
			for (String key : new String[] { "rule", "top-n", "top-k",
				"min-correlation", "min-spatial-share", "std", "score" })
				if (arguments.get(key, null) != null) command.addAll(List.of("--" + key,
					arguments.get(key, null)));
			if (generatorAnchor) command.addAll(List.of("--samples", String.valueOf(
				count)));
			else {
				Path images = Files.createDirectory(work.resolve("images"));
				SyntheticImages synthetic = new SyntheticImages(count, arguments
					.integer("size", 224), 0);
				for (int i = 0; i < count; i++)
					new FileSaver(new ImagePlus("image", synthetic.get(i).toRgb()))
						.saveAsPng(images.resolve(String.format(Locale.ROOT,
							"image-%05d.png", i)).toString());
				command.addAll(List.of("--images", images.toString()));
			}
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(),
				StandardCharsets.UTF_8);
			Matcher peak = Pattern.compile("peak resident memory: ([0-9]+) MB")
				.matcher(output);
			if (process.waitFor() != 0 || !peak.find())
				throw new IllegalStateException(String.join(" ", command) +
					" failed:\n" + output.strip());
			Numbers.printf(System.out,
				"plain command (mine, %s products, no JVM flag, %d images): peak resident memory " +
					"%s MB%n", precision, count, peak.group(1));
		}
		finally {
			Folders.deleteTree(work, false);
		}
	}

	/** Repeats of the correlation step timed alone. */
	private static final int STEP_REPEATS = 7;

	/**
	 * The step timed alone: its best time against the best matmul peak measured
	 * (per wall second and per CPU second of the calling thread), then the median
	 * and best of each repeat against the peak measured just before it, which
	 * holds when the machine's speed drifts between measurements. {@code peaks}
	 * holds one peak before the first repeat, one before each repeat, and one
	 * after the last; {@code wallPeak} is their best.
	 */
	private static void reportStepAlone(List<RosettaMiner.StepTiming> steps,
		List<MatmulPeak> peaks, double wallPeak)
	{
		double flops = steps.get(0).flops();
		double wallSeconds = steps.stream().mapToDouble(
			RosettaMiner.StepTiming::wallSeconds).min().orElseThrow();
		double cpuSeconds = steps.stream().mapToDouble(
			RosettaMiner.StepTiming::threadCpuSeconds).min().orElseThrow();
		double wall = flops / wallSeconds / 1e9, cpu = flops / cpuSeconds / 1e9;
		double cpuPeak = peaks.stream().mapToDouble(MatmulPeak::gflopsPerCpuSecond)
			.max().orElseThrow();
		double[] paired = new double[steps.size()];
		for (int r = 0; r < steps.size(); r++)
			paired[r] = flops / steps.get(r).wallSeconds() / 1e9 / peaks.get(r + 1)
				.gflops();
		java.util.Arrays.sort(paired);
		Numbers.printf(System.out,
			"correlation step alone (one batch, best of %d): %.3f s = %.1f GFLOP/s = %.0f %% of " +
				"the matmul peak (%.1f GFLOP/s, best of %d measured); thread CPU %.3f s = %.1f " +
				"GFLOP per CPU second = %.0f %% of the peak's (%.1f); each repeat against the " +
				"peak measured just before it: median %.0f %%, best %.0f %%%n", steps.size(),
			wallSeconds, wall, 100 * wall / wallPeak, wallPeak, peaks.size(),
			cpuSeconds, cpu, 100 * cpu / cpuPeak, cpuPeak, 100 *
				paired[paired.length / 2], 100 * paired[paired.length - 1]);
	}

	private static void report(String name, MiningClock clock, int count,
		double seconds, double cpu, double peak)
	{
		Numbers.printf(System.out,
			"%s: %.1f s (CPU %.1f s) for %d images = %.2f images/s; %d image forwards per model " +
				"in %.1f s; correlation step %.1f s at %.1f GFLOP/s = %.0f %% of the matmul peak " +
				"(%.1f GFLOP/s), after its first batch %.0f %%%n",
			name, seconds, cpu, count, count / seconds, clock.images(), clock
				.forwardSeconds(), clock.correlationSeconds(), clock
					.correlationGflops(), 100 * clock.correlationGflops() / peak, peak,
			100 * clock.steadyCorrelationGflops() / peak);
	}

	/**
	 * How far the one-pass result is from the two-pass one: scores, dictionary
	 * and example images.
	 */
	private static void compare(MiningResult a, MiningResult b,
		List<RosettaExamples.Example> examplesA,
		List<RosettaExamples.Example> examplesB)
	{
		double largest = 0;
		for (int t = 0; t < a.tables().size(); t++) {
			double[] x = a.tables().get(t).scores(), y = b.tables().get(t).scores();
			for (int k = 0; k < x.length; k++)
				largest = Math.max(largest, Math.abs(x[k] - y[k]));
		}
		int same = 0;
		for (int e = 0; e < Math.min(examplesA.size(), examplesB.size()); e++)
			if (examplesA.get(e).imageIndex() == examplesB.get(e).imageIndex())
				same++;
		Numbers.printf(System.out,
			"one pass vs two passes: largest score difference %.2g; the dictionaries %s (%d and %d " +
				"neurons); %d of %d example images the same%n", largest, units(a)
					.equals(units(b)) ? "have the same units" : "differ", a.dictionary()
						.size(), b.dictionary().size(), same, examplesB.size());
	}

	private static List<List<UnitRef>> units(MiningResult result) {
		return result.dictionary().neurons().stream().map(n -> {
			List<UnitRef> units = new java.util.ArrayList<>(List.of(n.anchor()));
			n.matches().values().forEach(m -> units.add(m.unit()));
			return units;
		}).toList();
	}

	/**
	 * CPU time of this process (all threads), which a loaded machine disturbs
	 * less than wall time.
	 */
	static double cpuSeconds() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
	}

	/**
	 * Best GFLOP/s of a few large float32 matrix products on the plugin's device,
	 * per wall second and per CPU second of the calling thread (all the work with
	 * one libtorch thread).
	 */
	record MatmulPeak(double gflops, double gflopsPerCpuSecond) {}

	static MatmulPeak matmulPeak() {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		try (NDManager manager = DjlEnvironment.engine().newBaseManager(
			DjlEnvironment.device()))
		{
			double best = 0, bestCpu = 0;
			for (int n : new int[] { 1024, 2048 }) {
				NDArray a = manager.randomNormal(new Shape(n, n));
				NDArray b = manager.randomNormal(new Shape(n, n));
				a.matMul(b).getFloat(0, 0);
				for (int repeat = 0; repeat < 3; repeat++) {
					long start = System.nanoTime(), cpu = threads
						.getCurrentThreadCpuTime();
					a.matMul(b).getFloat(0, 0);
					best = Math.max(best, 2.0 * n * n * n / (System.nanoTime() - start));
					bestCpu = Math.max(bestCpu, 2.0 * n * n * n / (threads
						.getCurrentThreadCpuTime() - cpu));
				}
			}
			return new MatmulPeak(best, bestCpu);
		}
	}

	/**
	 * The process's peak resident set (Linux), which includes libtorch's native
	 * memory.
	 */
	static double peakResidentMb() {
		long bytes = NativeMemory.peakResidentBytes();
		return bytes < 0 ? Double.NaN : bytes / (1024.0 * 1024);
	}
}
