
package io.github.rosettaneurons.cli;

import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ij.process.FloatProcessor;
import io.github.rosettaneurons.data.Numbers;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;
import io.github.rosettaneurons.spectral.GraphLayer;
import io.github.rosettaneurons.spectral.SpectralGrouper;
import io.github.rosettaneurons.spectral.SpectralSettings;

/**
 * {@code bench-spectral}: seconds per image of spectral grouping after the
 * forward pass, for each input size and each number of layers (the first 1, 2,
 * … of {@code --layers}), with the forward pass timed apart and the process's
 * peak resident memory. Images are synthetic and fed at their own size (not the
 * manifest's), so the layer grids grow with the image.
 */
final class SpectralBenchmark {

	static final Set<String> KEYS = Set.of("model", "layers", "sizes", "graph",
		"eigenvectors", "steps", "segments", "seed", "learning-rate", "repeats",
		"target");

	private SpectralBenchmark() {}

	static int run(Arguments arguments) {
		ModelPackage modelPackage = ModelPackage.open(Paths.get(arguments.require(
			"model")));
		List<GraphLayer> all = GraphLayer.parse(modelPackage.manifest(), arguments
			.get("layers", ""));
		int[] sizes = Arrays.stream(arguments.get("sizes", "112,224").split(","))
			.mapToInt(s -> Integer.parseInt(s.trim())).toArray();
		SpectralSettings settings = SpectralJob.settings(arguments, "steps");
		int repeats = arguments.integer("repeats", 2);
		double target = arguments.number("target", 10);
		System.out.println("device: " + DjlEnvironment.describe() + ", threads: " +
			Runtime.getRuntime().availableProcessors());
		System.out.println("model " + modelPackage.name() + ", graph " + settings
			.graph().name().toLowerCase(Locale.ROOT) + ", K " + settings.channels() +
			", steps " + settings.steps() + ", segments " + (settings.segments() == 0
				? "auto" : settings.segments()));
		System.out.println(
			"size  layers  pixels(finest)  forward_s  grouping_s  per_step_ms  peak_rss_MB");
		try (Network network = modelPackage.load()) {
			for (int size : sizes) {
				for (int count = 1; count <= all.size(); count++) {
					List<GraphLayer> layers = all.subList(0, count);
					SpectralGrouper grouper = new SpectralGrouper(network, layers,
						settings);
					double forward = Double.MAX_VALUE;
					double grouping = Double.MAX_VALUE;
					long pixels = 0;
					for (int repeat = 0; repeat < repeats; repeat++) {
						try (NDManager scope = network.newScope()) {
							NDArray input = scope.randomUniform(-1, 1, new Shape(1,
								modelPackage.manifest().channels(), size, size));
							long start = System.nanoTime();
							Map<String, NDArray> activations = network.activations(input,
								grouper.outputs());
							for (NDArray maps : activations.values()) {
								maps.getFloat(0, 0, 0, 0);
								pixels = Math.max(pixels, maps.getShape().get(2) * maps
									.getShape().get(3));
							}
							forward = Math.min(forward, (System.nanoTime() - start) / 1e9);
							start = System.nanoTime();
							grouper.group(scope, activations, blank(size), Progress.NONE);
							grouping = Math.min(grouping, (System.nanoTime() - start) / 1e9);
						}
					}
					Numbers.printf(System.out,
						"%4d  %6d  %14d  %9.2f  %10.2f  %11.1f  %11.0f%n", size, count,
						pixels, forward, grouping, 1000 * grouping / settings.steps(),
						RosettaBenchmark.peakResidentMb());
					if (size == 224 && count == 4) Numbers.printf(System.out,
						"target: 224 px from 4 layers in under %.0f s after the " +
							"forward pass: %.2f s = %.2f x the target%n", target, grouping,
						grouping / target);
				}
			}
		}
		return 0;
	}

	private static SourceImage blank(int size) {
		return new SourceImage("synthetic", List.of(new FloatProcessor(size,
			size)));
	}
}
