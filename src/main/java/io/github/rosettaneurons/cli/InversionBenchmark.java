
package io.github.rosettaneurons.cli;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.Numbers;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.GeneratorSpec;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;
import io.github.rosettaneurons.invert.GeneratedImageEdit;
import io.github.rosettaneurons.invert.OptimisationOptions;
import io.github.rosettaneurons.invert.RosettaPairs;
import io.github.rosettaneurons.invert.TargetEdit;
import io.github.rosettaneurons.rosetta.UnitRef;

/**
 * {@code bench-invert}: wall time and memory per optimisation step (generator
 * forward with the matched layers, loss, backward through the TorchScript
 * generator, Adam) against a plain inference forward of the same generator. The
 * step is what inversion and edits repeat; the other model of an inversion runs
 * once, before the loop. Without a dictionary every unit of every layer is in
 * the loss (the most a step can cost).
 */
final class InversionBenchmark {

	static final Set<String> KEYS = Set.of("generator", "dictionary", "steps",
		"class");

	private InversionBenchmark() {}

	static int run(Arguments arguments) {
		ModelPackage generator = ModelPackage.open(Paths.get(arguments.require(
			"generator")));
		int steps = arguments.integer("steps", 20);
		if (steps < 3) throw new Arguments.UsageException(
			"--steps must be at least 3.");
		int category = arguments.integer("class", 0);
		System.out.println("device: " + DjlEnvironment.describe() + ", threads: " +
			Runtime.getRuntime().availableProcessors());
		double[] forward = forwardMilliseconds(generator, category);
		RosettaPairs pairs = arguments.get("dictionary", null) != null
			? RosettaPairs.read(Paths.get(arguments.get("dictionary", null)),
				generator.name()) : RosettaPairs.ofGeneratorUnits(allUnits(generator));
		double residentBefore = RosettaBenchmark.peakResidentMb();
		StepClock clock = new StepClock();
		GeneratedImageEdit.edit(generator, pairs, TargetEdit.SHIFT, 0.25, 0, 1,
			category, OptimisationOptions.edit(TargetEdit.SHIFT).withSteps(steps)
				.withLearningRate(0.01), clock);
		double stepMs = clock.millisecondsPerStep();
		double stepCpuMs = clock.cpuMillisecondsPerStep();
		Numbers.printf(System.out, "generator %s: %d units in the loss (%s)%n",
			generator.name(), pairs.generatorUnits().size(), arguments.get(
				"dictionary", null) != null ? "the dictionary's"
					: "every unit of every layer");
		Numbers.printf(System.out,
			"plain forward (inference instance): %.1f ms wall, %.1f ms CPU%n",
			forward[0], forward[1]);
		Numbers.printf(System.out,
			"optimisation step: %.1f ms wall (%.1f steps/s), %.1f ms CPU = %.1f x the plain forward's CPU%n",
			stepMs, 1000 / stepMs, stepCpuMs, stepCpuMs / forward[1]);
		Numbers.printf(System.out,
			"peak resident memory: %.0f MB before the optimisation, %.0f MB after (JVM heap max %.0f MB)%n",
			residentBefore, RosettaBenchmark.peakResidentMb(), Runtime.getRuntime()
				.maxMemory() / 1e6);
		Numbers.printf(System.out,
			"projected: 1000-step inversion %.1f min, 500-step edit %.1f min%n",
			stepMs * 1000 / 60000, stepMs * 500 / 60000);
		return 0;
	}

	/**
	 * {wall, CPU} milliseconds: medians of a few timed forwards (after a warm-up)
	 * with every layer returned.
	 */
	private static double[] forwardMilliseconds(ModelPackage generator,
		int category)
	{
		try (Network network = generator.load();
				NDManager scope = network.newScope())
		{
			GeneratorSpec spec = network.manifest().generator();
			NDArray z = scope.randomNormal(new Shape(1, spec.latentSize()));
			NDArray y = scope.create(new long[] { category });
			double[] times = new double[7];
			double[] cpuTimes = new double[times.length];
			for (int i = -2; i < times.length; i++) {
				try (NDManager step = scope.newSubManager()) {
					NDArray latent = z.duplicate();
					latent.attach(step);
					long start = System.nanoTime();
					long startCpu = cpuNanos();
					network.generate(latent, y, network.manifest().layers()).image()
						.getFloat(0, 0, 0, 0);
					if (i >= 0) {
						times[i] = (System.nanoTime() - start) / 1e6;
						cpuTimes[i] = (cpuNanos() - startCpu) / 1e6;
					}
				}
			}
			java.util.Arrays.sort(times);
			java.util.Arrays.sort(cpuTimes);
			return new double[] { times[times.length / 2], cpuTimes[times.length /
				2] };
		}
	}

	private static List<UnitRef> allUnits(ModelPackage generator) {
		List<UnitRef> units = new ArrayList<>();
		try (Network network = generator.load();
				NDManager scope = network.newScope())
		{
			NDArray z = scope.zeros(new Shape(1, network.manifest().generator()
				.latentSize()));
			var maps = network.generate(z, scope.create(new long[] { 0 }), network
				.manifest().layers()).activations();
			for (LayerSpec layer : network.manifest().layers())
				for (int c = 0; c < maps.get(layer.output()).getShape().get(1); c++)
					units.add(new UnitRef(generator.name(), layer.name(), c));
		}
		return units;
	}

	/**
	 * Times the optimisation steps after the first (which warms up), leaving out
	 * the final report, the result's evaluation without a backward pass.
	 */
	private static final class StepClock implements Progress {

		private long first;
		private long last;
		private long firstCpu;
		private long lastCpu;
		private long reports;

		@Override
		public void report(long done, long total, String message) {
			if (done == total) return;
			long now = System.nanoTime();
			long cpu = cpuNanos();
			if (reports++ == 0) {
				first = now;
				firstCpu = cpu;
			}
			last = now;
			lastCpu = cpu;
		}

		@Override
		public boolean cancelled() {
			return false;
		}

		double millisecondsPerStep() {
			return (last - first) / 1e6 / (reports - 1);
		}

		double cpuMillisecondsPerStep() {
			return (lastCpu - firstCpu) / 1e6 / (reports - 1);
		}
	}

	/**
	 * CPU time of the whole process (every thread, libtorch's included): less
	 * sensitive to a shared machine.
	 */
	private static long cpuNanos() {
		return ProcessHandle.current().info().totalCpuDuration().map(
			java.time.Duration::toNanos).orElse(0L);
	}
}
