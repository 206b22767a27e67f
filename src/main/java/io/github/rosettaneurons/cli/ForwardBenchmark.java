
package io.github.rosettaneurons.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.GeneratorSpec;
import io.github.rosettaneurons.engine.ModelBackend;
import io.github.rosettaneurons.engine.ModelManifest;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;

/**
 * {@code bench-forward}: milliseconds per image of a package's forward pass in
 * the plugin (the activations as engine arrays, and copied on into Java
 * arrays), on the same deterministic input as
 * {@code tools/benchmark_forward.py}; with {@code --python} it runs that script
 * with the same threads and batch and prints the ratio. {@code --threads} sets
 * libtorch's intra-op threads (both sides use the same). Each side reports wall
 * time and the process's CPU time; {@code --repeats} rounds alternate the two
 * sides and the best round of each counts, so that a machine shared with other
 * work disturbs the comparison less.
 */
final class ForwardBenchmark {

	static final Set<String> KEYS = Set.of("model", "batch", "images", "warmup",
		"threads", "python", "script", "repeats");

	private static final Pattern PYTHON_RESULT = Pattern.compile(
		"python-forward: ([0-9.]+) ms/image, CPU ([0-9.]+) ms/image");

	private ForwardBenchmark() {}

	/** Milliseconds per image: wall clock and the process's CPU time. */
	private record Timing(double wallMs, double cpuMs) {
		Timing best(Timing other) {
			return other == null ? this : new Timing(Math.min(wallMs, other.wallMs), Math.min(cpuMs, other.cpuMs));
		}
	}

	static int run(Arguments arguments) throws IOException, InterruptedException {
		ModelPackage modelPackage = ModelPackage.open(Paths.get(arguments.require(
			"model")));
		int batch = arguments.integer("batch", 8);
		int images = arguments.integer("images", 32);
		int warmup = arguments.integer("warmup", 2);
		int repeats = arguments.integer("repeats", 3);
		int batches = Math.max(1, (images + batch - 1) / batch);
		String python = arguments.get("python", null);
		Path script = Paths.get(arguments.get("script",
			"tools/benchmark_forward.py"));
		if (python != null && !Files.isRegularFile(script))
			throw new IllegalArgumentException(script +
				": the reference script is missing; run from the source checkout or give --script tools/benchmark_forward.py.");
		System.out.println("device: " + DjlEnvironment.describe());
		ModelBackend backend = modelPackage.backend();
		if (arguments.get("threads", null) != null) backend.setIntraOpThreads(
			arguments.integer("threads", 1));
		int threads = backend.intraOpThreads();
		int interop = backend.interOpThreads();
		System.out.printf(Locale.ROOT,
			"libtorch threads: %d intra-op, %d inter-op%n", threads, interop);
		Timing engine = null, java = null, reference = null;
		try (Network network = modelPackage.load();
				NDManager inputs = network.newScope())
		{
			ModelManifest manifest = network.manifest();
			NDList input = input(inputs, manifest, batch);
			for (int i = 0; i < warmup; i++)
				forward(network, input, false);
			for (int round = 0; round < repeats; round++) {
				engine = time(network, input, batches, false).best(engine);
				java = time(network, input, batches, true).best(java);
				if (python != null) reference = python(python, script, modelPackage
					.folder(), batch, batches * batch, warmup, threads, interop).best(
						reference);
			}
			System.out.printf(Locale.ROOT,
				"model: %s, %d layers, batch %d, %d images, best of %d rounds%n",
				manifest.name(), manifest.layers().size(), batch, batches * batch,
				repeats);
		}
		System.out.printf(Locale.ROOT,
			"plugin forward: %.2f ms/image, CPU %.2f ms/image (activations as engine arrays)%n",
			engine.wallMs(), engine.cpuMs());
		System.out.printf(Locale.ROOT,
			"plugin forward: %.2f ms/image, CPU %.2f ms/image (and copied into Java float " +
				"arrays)%n", java.wallMs(), java.cpuMs());
		if (reference != null) {
			System.out.printf(Locale.ROOT,
				"python forward: %.2f ms/image, CPU %.2f ms/image%n", reference
					.wallMs(), reference.cpuMs());
			System.out.printf(Locale.ROOT,
				"speed of the plugin relative to Python: wall %.2f x, CPU %.2f x (engine " +
					"arrays); wall %.2f x, CPU %.2f x (Java arrays); 1 = as fast, above 1 = faster%n",
				reference.wallMs() / engine.wallMs(), reference.cpuMs() / engine
					.cpuMs(), reference.wallMs() / java.wallMs(), reference.cpuMs() / java
						.cpuMs());
		}
		return 0;
	}

	private static Timing time(Network network, NDList input, int batches,
		boolean toJava)
	{
		int batch = (int) input.get(0).getShape().get(0);
		long start = System.nanoTime();
		double cpu = RosettaBenchmark.cpuSeconds();
		for (int i = 0; i < batches; i++)
			forward(network, input, toJava);
		return new Timing((System.nanoTime() - start) / 1e6 / (batches * batch),
			(RosettaBenchmark.cpuSeconds() - cpu) * 1e3 / (batches * batch));
	}

	/**
	 * The script's input, made once as it does: a batch of images, or latents and
	 * classes for a generator.
	 */
	private static NDList input(NDManager scope, ModelManifest manifest,
		int batch)
	{
		GeneratorSpec generator = manifest.generator();
		if (generator != null) return new NDList(deterministic(scope, new Shape(
			batch, generator.latentSize())), scope.zeros(new Shape(batch)));
		return new NDList(deterministic(scope, new Shape(batch, manifest.channels(),
			manifest.height(), manifest.width())));
	}

	/**
	 * One batch through the network's every layer; optionally every activation
	 * copied to a Java array.
	 */
	private static void forward(Network network, NDList input, boolean toJava) {
		ModelManifest manifest = network.manifest();
		try (NDManager scope = network.newScope()) {
			for (NDArray array : input)
				array.tempAttach(scope); // the outputs land in the input's manager
			Map<String, NDArray> maps = manifest.generator() != null ? network
				.generate(input.get(0), input.get(1), manifest.layers()).activations()
				: network.activations(input.get(0), manifest.layers());
			for (NDArray map : maps.values()) {
				if (toJava) map.toFloatArray();
				else map.getFloat(0, 0, 0, 0); // waits for the result where the engine
																				// runs asynchronously
			}
		}
	}

	/**
	 * The reference script's input: value k of the flattened tensor is sin(0.001
	 * k).
	 */
	private static NDArray deterministic(NDManager scope, Shape shape) {
		return scope.arange(0, (int) shape.size(), 1,
			ai.djl.ndarray.types.DataType.FLOAT64).mul(0.001).sin().toType(
				ai.djl.ndarray.types.DataType.FLOAT32, false).reshape(shape);
	}

	private static Timing python(String python, Path script, Path model,
		int batch, int images, int warmup, int threads, int interop)
		throws IOException, InterruptedException
	{
		List<String> command = new ArrayList<>(List.of(python, script.toString(),
			model.toString(), "--batch", String.valueOf(batch), "--images", String
				.valueOf(images), "--warmup", String.valueOf(warmup), "--threads",
			String.valueOf(threads), "--interop-threads", String.valueOf(interop)));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(
			true);
		// Debian's torch multiplies through the system BLAS (OpenBLAS), whose own
		// threads torch.set_num_threads leaves alone: with --threads 1 the script
		// ran on two cores
		builder.environment().put("OPENBLAS_NUM_THREADS", String.valueOf(threads));
		Process process = builder.start();
		StringBuilder output = new StringBuilder();
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(
			process.getInputStream(), StandardCharsets.UTF_8)))
		{
			for (String line; (line = reader.readLine()) != null;)
				output.append(line).append('\n');
		}
		int exit = process.waitFor();
		Matcher result = PYTHON_RESULT.matcher(output);
		if (exit != 0 || !result.find()) throw new IllegalStateException(String
			.join(" ", command) + " failed (exit " + exit + "):\n" + output.toString()
				.strip());
		return new Timing(Double.parseDouble(result.group(1)), Double.parseDouble(
			result.group(2)));
	}
}
