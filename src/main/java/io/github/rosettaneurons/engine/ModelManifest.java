package io.github.rosettaneurons.engine;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A model package's description, shaped after BioImage.IO's {@code rdf.yaml}: the standard fields
 * (name, inputs, weights.torchscript) plus this plugin's own under {@code config.rosetta}. See
 * docs/model-package.md for the full format.
 */
public final class ModelManifest {

	public static final String DEFAULT_ACTIVATIONS_METHOD = "activations";

	private final Path file;
	private final String name;
	private final String description;
	private final String weightsSource;
	private final String weightsSha256;
	private final ModelRole role;
	private final int channels;
	private final int height;
	private final int width;
	private final Preprocessing preprocessing;
	private final String activationsMethod;
	private final List<LayerSpec> layers;
	private final List<String> classNames;
	private final GeneratorSpec generator;

	private ModelManifest(Path file, Map<?, ?> root) {
		this.file = file;
		ManifestReader in = new ManifestReader(file);
		name = in.string(root, "", "name");
		description = in.string(root, "", "description", "");
		Map<?, ?> torchscript = in.child(in.child(root, "", "weights"), "weights", "torchscript");
		weightsSource = in.string(torchscript, "weights.torchscript", "source");
		weightsSha256 = in.string(torchscript, "weights.torchscript", "sha256").toLowerCase();
		if (!weightsSha256.matches("[0-9a-f]{64}")) throw in.invalid("weights.torchscript.sha256",
			"is not 64 hexadecimal digits", "Write the file's SHA-256, e.g. the output of 'sha256sum " + weightsSource + "'");

		Map<?, ?> rosetta = in.child(in.child(root, "", "config"), "config", "rosetta");
		String rolePath = "config.rosetta.role";
		try {
			role = ModelRole.parse(in.string(rosetta, "config.rosetta", "role"));
		}
		catch (IllegalArgumentException e) {
			throw in.invalid(rolePath, "is '" + rosetta.get("role") + "'", "Use classifier, encoder or generator");
		}

		String tensorKey = role == ModelRole.GENERATOR ? "outputs" : "inputs";
		List<?> tensors = in.list(root, "", tensorKey);
		if (tensors.isEmpty()) throw in.invalid(tensorKey, "is empty", "Describe the image tensor (axes bcyx, shape)");
		String tensorPath = tensorKey + "[0]";
		Map<?, ?> tensor = in.map(tensors.get(0), tensorPath);
		String axes = in.string(tensor, tensorPath, "axes");
		if (!axes.equals("bcyx")) throw in.invalid(tensorPath + ".axes", "is '" + axes + "'",
			"Only 'bcyx' image tensors are supported; export the model with NCHW input");
		List<?> shape = in.list(tensor, tensorPath, "shape");
		if (shape.size() != 4) throw in.invalid(tensorPath + ".shape", "has " + shape.size() + " entries",
			"Give four sizes [batch, channels, height, width]");
		channels = positive(in, shape.get(1), tensorPath + ".shape[1]");
		height = positive(in, shape.get(2), tensorPath + ".shape[2]");
		width = positive(in, shape.get(3), tensorPath + ".shape[3]");
		long values = (long) channels * height * width; // long: a huge shape must not wrap round to a negative size
		if (values > Integer.MAX_VALUE) throw in.invalid(tensorPath + ".shape", "asks for " + channels + " x " + height +
			" x " + width + " = " + values + " values per image, more than one image can hold (" + Integer.MAX_VALUE + ")",
			"Give the image size the model was exported for, e.g. [1, 3, 224, 224]");
		preprocessing = parsePreprocessing(in, tensor, tensorPath);

		activationsMethod = in.string(rosetta, "config.rosetta", "activations_method", DEFAULT_ACTIVATIONS_METHOD);
		layers = parseLayers(in, rosetta);
		classNames = parseClassNames(rosetta);
		Map<?, ?> gen = in.optionalChild(rosetta, "config.rosetta", "generator");
		if (role == ModelRole.GENERATOR && gen == null) throw in.invalid("config.rosetta.generator", "is missing",
			"A generator package needs method, latent_size, num_classes and image_output");
		generator = gen == null ? null : parseGenerator(in, gen);
	}

	/** Reads and validates a manifest file; every problem names the file and field. */
	public static ModelManifest read(Path file) {
		Object root;
		try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
		}
		catch (IOException e) {
			throw new ModelPackageException(file + ": cannot read the manifest (" + e.getMessage() + ").", e);
		}
		catch (YAMLException e) {
			throw new ModelPackageException(file + ": is not valid YAML (" + e.getMessage().replace('\n', ' ') +
				"). Fix the syntax; docs/model-package.md shows an example.", e);
		}
		if (!(root instanceof Map)) throw new ModelPackageException(file +
			": is not a model manifest (expected a YAML mapping with name, inputs, weights and config.rosetta).");
		return new ModelManifest(file, (Map<?, ?>) root);
	}

	private static int positive(ManifestReader in, Object value, String path) {
		double number = in.number(value, path);
		if (number < 1 || number != Math.rint(number) || number > Integer.MAX_VALUE) throw in.invalid(path, "is " + value,
			"Give a positive whole number (at most " + Integer.MAX_VALUE + ")");
		return (int) number;
	}

	private Preprocessing parsePreprocessing(ManifestReader in, Map<?, ?> tensor, String tensorPath) {
		float[] mean = new float[channels];
		float[] std = new float[channels];
		Arrays.fill(std, 1f);
		boolean perSample = false;
		Object steps = tensor.get("preprocessing");
		if (steps == null) return new Preprocessing(mean, std, false);
		List<?> list = in.list(tensor, tensorPath, "preprocessing");
		for (int i = 0; i < list.size(); i++) {
			String stepPath = tensorPath + ".preprocessing[" + i + "]";
			Map<?, ?> step = in.map(list.get(i), stepPath);
			String id = in.string(step, stepPath, "id");
			switch (id) {
				case "fixed_zero_mean_unit_variance": {
					Map<?, ?> kwargs = in.child(step, stepPath, "kwargs");
					mean = in.floats(kwargs.get("mean"), stepPath + ".kwargs.mean", channels);
					std = in.floats(kwargs.get("std"), stepPath + ".kwargs.std", channels);
					for (float s : std) if (s <= 0) throw in.invalid(stepPath + ".kwargs.std", "has a value <= 0",
						"Every std must be positive");
					break;
				}
				case "zero_mean_unit_variance":
					perSample = true;
					break;
				default:
					throw in.invalid(stepPath + ".id", "is '" + id + "'",
						"Supported: fixed_zero_mean_unit_variance, zero_mean_unit_variance");
			}
		}
		return new Preprocessing(mean, std, perSample);
	}

	private static List<LayerSpec> parseLayers(ManifestReader in, Map<?, ?> rosetta) {
		List<?> list = in.list(rosetta, "config.rosetta", "layers");
		if (list.isEmpty()) throw in.invalid("config.rosetta.layers", "is empty", "List at least one layer");
		List<LayerSpec> result = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			String path = "config.rosetta.layers[" + i + "]";
			Map<?, ?> layer = in.map(list.get(i), path);
			String layerName = in.string(layer, path, "name");
			String output = in.string(layer, path, "output", layerName);
			boolean tokens = in.flag(layer, path, "tokens", false);
			int prefix = in.integer(layer, path, "prefix_tokens", tokens ? 1 : 0);
			for (LayerSpec other : result) if (other.answersTo(layerName) || other.answersTo(output))
				throw in.invalid(path, "repeats layer '" + layerName + "'", "Give every layer a distinct name and output");
			result.add(new LayerSpec(layerName, output, tokens, prefix));
		}
		return Collections.unmodifiableList(result);
	}

	private static List<String> parseClassNames(Map<?, ?> rosetta) {
		Object classes = rosetta.get("classes");
		if (!(classes instanceof List)) return List.of();
		return ((List<?>) classes).stream().map(String::valueOf).collect(Collectors.toUnmodifiableList());
	}

	private static GeneratorSpec parseGenerator(ManifestReader in, Map<?, ?> gen) {
		String path = "config.rosetta.generator";
		List<?> range = gen.get("image_range") == null ? List.of(-1, 1) : in.list(gen, path, "image_range");
		if (range.size() != 2) throw in.invalid(path + ".image_range", "does not have two values", "Write [min, max]");
		return new GeneratorSpec(in.string(gen, path, "method", "generate"), in.integer(gen, path, "latent_size", null),
			in.integer(gen, path, "num_classes", 0), in.string(gen, path, "image_output", "image"),
			in.number(range.get(0), path + ".image_range[0]"), in.number(range.get(1), path + ".image_range[1]"));
	}

	/** The layer a user names, by module name or output key; unknown names list what exists. */
	public LayerSpec layer(String request) {
		for (LayerSpec layer : layers) if (layer.answersTo(request.trim())) return layer;
		throw new ModelPackageException(file + ": model '" + name + "' has no layer '" + request.trim() +
			"'. Available layers: " + layers.stream().map(LayerSpec::name).collect(Collectors.joining(", ")) +
			". Re-export the model with the exporter to add layers.");
	}

	/** The layers a comma-separated list names, in that order; blank means all layers. */
	public List<LayerSpec> layers(String commaSeparated) {
		if (commaSeparated == null || commaSeparated.isBlank()) return layers;
		return Arrays.stream(commaSeparated.split(",")).filter(s -> !s.isBlank()).map(this::layer).toList();
	}

	public Path file() { return file; }
	public String name() { return name; }
	public String description() { return description; }
	public String weightsSource() { return weightsSource; }
	public String weightsSha256() { return weightsSha256; }
	public ModelRole role() { return role; }
	/** Channels of the image the model reads (or, for a generator, writes). */
	public int channels() { return channels; }
	public int height() { return height; }
	public int width() { return width; }
	public Preprocessing preprocessing() { return preprocessing; }
	public String activationsMethod() { return activationsMethod; }
	public List<LayerSpec> layers() { return layers; }
	public List<String> classNames() { return classNames; }
	/** The generator settings, or null for image-reading models. */
	public GeneratorSpec generator() { return generator; }
}
