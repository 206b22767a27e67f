
package io.github.rosettaneurons.engine;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A model package's description: a BioImage.IO model {@code rdf.yaml} (format
 * 0.5 or 0.4, or this plugin's earlier form) with weights in a format some
 * {@link ModelBackend} loads (TorchScript), plus this plugin's own fields under
 * {@code config.rosetta}. A package without them exposes the output of
 * {@code forward} as its one layer. See docs/model-package.md.
 */
public final class ModelManifest {

	public static final String DEFAULT_ACTIVATIONS_METHOD = "activations";
	/**
	 * The method of a package without config.rosetta; its results are the layers,
	 * in the order of outputs.
	 */
	public static final String FORWARD_METHOD = "forward";
	private static final String CONVERT_COMMAND =
		"python tools/export_model.py --bioimageio %s --layers <module paths> --out <new folder>";

	private final Path file;
	private final String name;
	private final String description;
	private final String weightsFormat;
	private final String weightsSource;
	private final String weightsSha256;
	private final ModelRole role;
	private final int channels;
	private final int height;
	private final int width;
	private final Preprocessing preprocessing;
	private final String activationsMethod;
	private final List<LayerSpec> layers;
	private final List<LayerSpec> projections;
	private final List<String> classNames;
	private final GeneratorSpec generator;
	private final Optional<String> forwardOnlyNote;

	private ModelManifest(Path file, Map<?, ?> root) {
		this.file = file;
		ManifestReader in = new ManifestReader(file);
		ManifestFormat format = ManifestFormat.of(in, root);
		Path folder = file.toAbsolutePath().getParent();
		name = in.string(root, "", "name");
		description = in.string(root, "", "description", "");
		Map<?, ?> weights = in.child(root, "", "weights");
		weightsFormat = weightsFormat(in, weights, folder);
		String weightsPath = "weights." + weightsFormat;
		Map<?, ?> entry = in.child(weights, "weights", weightsFormat);
		weightsSource = in.string(entry, weightsPath, "source");
		weightsSha256 = in.string(entry, weightsPath, "sha256").toLowerCase(
			Locale.ROOT);
		if (!weightsSha256.matches("[0-9a-f]{64}")) throw in.invalid(weightsPath +
			".sha256", "is not 64 hexadecimal digits",
			"Write the file's SHA-256, e.g. the output of 'sha256sum " +
				weightsSource + "'");

		Map<?, ?> rosetta = rosetta(in, root, format);
		try {
			role = rosetta == null ? ModelRole.ENCODER : ModelRole.parse(in.string(
				rosetta, "config.rosetta", "role"));
		}
		catch (IllegalArgumentException e) {
			throw in.invalid("config.rosetta.role", "is '" + rosetta.get("role") +
				"'", "Use classifier, encoder or generator");
		}
		Map<?, ?> gen = rosetta == null ? null : in.optionalChild(rosetta,
			"config.rosetta", "generator");
		if (role == ModelRole.GENERATOR && gen == null) throw in.invalid(
			"config.rosetta.generator", "is missing",
			"A generator package needs method, latent_size, num_classes and image_output");
		generator = gen == null ? null : parseGenerator(in, gen);

		TestTensors tests = TestTensors.of(in, root, format, folder);
		String tensorKey = role == ModelRole.GENERATOR ? "outputs" : "inputs";
		int index = imageTensorIndex(in, root, format, tensorKey);
		String tensorPath = tensorKey + "[" + index + "]";
		ImageTensor image = ImageTensor.read(in, in.map(in.list(root, "", tensorKey)
			.get(index), tensorPath), tensorPath, format, tests.file(tensorPath));
		channels = image.channels();
		height = image.height();
		width = image.width();
		preprocessing = image.preprocessing();

		activationsMethod = rosetta == null ? FORWARD_METHOD : in.string(rosetta,
			"config.rosetta", "activations_method", DEFAULT_ACTIVATIONS_METHOD);
		List<LayerSpec> all = rosetta == null ? forwardLayers(in, root, format)
			: parseLayers(in, rosetta);
		projections = all.stream().filter(LayerSpec::isProjection).toList();
		List<LayerSpec> plain = all.stream().filter(layer -> !layer.isProjection())
			.toList();
		layers = plain.isEmpty() ? all : plain;
		classNames = rosetta == null ? List.of() : parseClassNames(rosetta);
		forwardOnlyNote = rosetta != null ? Optional.empty() : Optional.of(
			"Model '" + name + "' has no config.rosetta, " +
				"so its only layer is the output of forward (" + layers.stream().map(
					LayerSpec::name).collect(Collectors.joining(", ")) +
				"). To study inner layers, convert it with " + String.format(
					Locale.ROOT, CONVERT_COMMAND, folder) +
				"; that needs the package's pytorch_state_dict weights (docs/exporter.md).");
	}

	/**
	 * The first weights entry, in the backends' order, that a backend loads; a
	 * package with none is refused, naming the formats it has and those the
	 * plugin loads.
	 */
	private static String weightsFormat(ManifestReader in, Map<?, ?> weights,
		Path folder)
	{
		List<String> supported = ModelBackends.formats();
		for (String format : supported)
			if (weights.get(format) != null) return format;
		List<String> found = weights.keySet().stream().map(String::valueOf)
			.toList();
		String fix = found.contains("pytorch_state_dict")
			? "The plugin runs TorchScript: convert the package with " + String
				.format(Locale.ROOT, CONVERT_COMMAND, folder) + " (docs/exporter.md)"
			: "Export the model with tools/export_model.py, which writes TorchScript weights (docs/model-package.md)";
		throw in.invalid("weights." + String.join("|", supported),
			"is missing: the package has " + (found.isEmpty() ? "no weights"
				: "weights in " + String.join(", ", found)) + "; the plugin loads " +
				String.join(", ", supported), fix);
	}

	/**
	 * config.rosetta: required in the plugin's earlier form; a BioImage.IO
	 * package may come without it.
	 */
	private static Map<?, ?> rosetta(ManifestReader in, Map<?, ?> root,
		ManifestFormat format)
	{
		if (!format.isBioImageIo()) return in.child(in.child(root, "", "config"),
			"config", "rosetta");
		Map<?, ?> config = in.optionalChild(root, "", "config");
		return config == null ? null : in.optionalChild(config, "config",
			"rosetta");
	}

	/**
	 * Where the image is: inputs[0] of an image model, the generator's image
	 * output (by its id).
	 */
	private int imageTensorIndex(ManifestReader in, Map<?, ?> root,
		ManifestFormat format, String key)
	{
		List<?> tensors = in.list(root, "", key);
		if (tensors.isEmpty()) throw in.invalid(key, "is empty",
			"Describe the image tensor (axes batch, channel, y, x)");
		if (role != ModelRole.GENERATOR && format.isBioImageIo() && tensors
			.size() > 1) throw in.invalid(key, "has " + tensors.size() + " tensors",
				"The plugin feeds one image to a model; use a model with one input");
		for (int i = 0; role == ModelRole.GENERATOR && i < tensors.size(); i++)
			if (tensors.get(i) instanceof Map<?, ?> tensor && generator.imageOutput()
				.equals(tensor.get(format.tensorIdKey()))) return i;
		return 0;
	}

	/**
	 * A package without config.rosetta exposes each output of forward as a layer,
	 * named by the output's id.
	 */
	private static List<LayerSpec> forwardLayers(ManifestReader in,
		Map<?, ?> root, ManifestFormat format)
	{
		List<?> outputs = in.list(root, "", "outputs");
		if (outputs.isEmpty()) throw in.invalid("outputs", "is empty",
			"Describe the tensor forward returns");
		List<LayerSpec> result = new ArrayList<>();
		for (int i = 0; i < outputs.size(); i++) {
			String path = "outputs[" + i + "]";
			String id = in.string(in.map(outputs.get(i), path), path, format
				.tensorIdKey(), "output" + i);
			result.add(new LayerSpec(id, id, false, 0));
		}
		return Collections.unmodifiableList(result);
	}

	/**
	 * Reads and validates a manifest file; every problem names the file and
	 * field.
	 */
	public static ModelManifest read(Path file) {
		Object root;
		try (Reader reader = Files.newBufferedReader(file,
			StandardCharsets.UTF_8))
		{
			root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
		}
		catch (IOException e) {
			throw new ModelPackageException(file + ": cannot read the manifest (" + e
				.getMessage() + ").", e);
		}
		catch (YAMLException e) {
			throw new ModelPackageException(file + ": is not valid YAML (" + e
				.getMessage().replace('\n', ' ') +
				"). Fix the syntax; docs/model-package.md shows an example.", e);
		}
		if (!(root instanceof Map)) throw new ModelPackageException(file +
			": is not a model manifest (expected a YAML mapping with name, inputs, weights and config.rosetta).");
		return new ModelManifest(file, (Map<?, ?>) root);
	}

	private static List<LayerSpec> parseLayers(ManifestReader in,
		Map<?, ?> rosetta)
	{
		List<?> list = in.list(rosetta, "config.rosetta", "layers");
		if (list.isEmpty()) throw in.invalid("config.rosetta.layers", "is empty",
			"List at least one layer");
		List<LayerSpec> result = new ArrayList<>();
		for (int i = 0; i < list.size(); i++) {
			String path = "config.rosetta.layers[" + i + "]";
			Map<?, ?> layer = in.map(list.get(i), path);
			String layerName = in.string(layer, path, "name");
			String output = in.string(layer, path, "output", layerName);
			boolean tokens = in.flag(layer, path, "tokens", false);
			int prefix = in.integer(layer, path, "prefix_tokens", tokens ? 1 : 0);
			String projection = in.string(layer, path, "projection", "");
			if (!projection.isEmpty() && !(LayerSpec.PROJECTIONS.contains(
				projection) && layerName.endsWith("." + projection))) throw in.invalid(
					path + ".projection", "is '" + projection + "' for layer '" +
						layerName + "'",
					"Use q, k or v for a layer named <block>.q, <block>.k or <block>.v (tools/export_model.py --qkv)");
			for (LayerSpec other : result)
				if (other.answersTo(layerName) || other.answersTo(output)) throw in
					.invalid(path, "repeats layer '" + layerName + "'",
						"Give every layer a distinct name and output");
			result.add(new LayerSpec(layerName, output, tokens, prefix, projection));
		}
		return Collections.unmodifiableList(result);
	}

	private static List<String> parseClassNames(Map<?, ?> rosetta) {
		Object classes = rosetta.get("classes");
		if (!(classes instanceof List)) return List.of();
		return ((List<?>) classes).stream().map(String::valueOf).collect(Collectors
			.toUnmodifiableList());
	}

	private static GeneratorSpec parseGenerator(ManifestReader in,
		Map<?, ?> gen)
	{
		String path = "config.rosetta.generator";
		List<?> range = gen.get("image_range") == null ? List.of(-1, 1) : in.list(
			gen, path, "image_range");
		if (range.size() != 2) throw in.invalid(path + ".image_range",
			"does not have two values", "Write [min, max]");
		return new GeneratorSpec(in.string(gen, path, "method", "generate"), in
			.integer(gen, path, "latent_size", null), in.integer(gen, path,
				"num_classes", 0), in.string(gen, path, "image_output", "image"), in
					.number(range.get(0), path + ".image_range[0]"), in.number(range.get(
						1), path + ".image_range[1]"));
	}

	/**
	 * The layer a user names (attention projections included), by module name or
	 * output key; unknown names list what exists.
	 */
	public LayerSpec layer(String request) {
		for (LayerSpec layer : allLayers())
			if (layer.answersTo(request.trim())) return layer;
		throw new ModelPackageException(file + ": model '" + name +
			"' has no layer '" + request.trim() + "'. Available layers: " +
			allLayers().stream().map(LayerSpec::name).collect(Collectors.joining(
				", ")) + ". " + forwardOnlyNote().orElse(
					"Re-export the model with the exporter to add layers."));
	}

	/**
	 * The layers a comma-separated list names, in that order; blank means all
	 * layers.
	 */
	public List<LayerSpec> layers(String commaSeparated) {
		if (commaSeparated == null || commaSeparated.isBlank()) return layers;
		return Arrays.stream(commaSeparated.split(",")).filter(s -> !s.isBlank())
			.map(this::layer).toList();
	}

	public Path file() {
		return file;
	}

	public String name() {
		return name;
	}

	public String description() {
		return description;
	}

	/**
	 * The weights entry the package is loaded from, e.g. torchscript (a key of
	 * {@link ModelBackends#formats()}).
	 */
	public String weightsFormat() {
		return weightsFormat;
	}

	public String weightsSource() {
		return weightsSource;
	}

	public String weightsSha256() {
		return weightsSha256;
	}

	public ModelRole role() {
		return role;
	}

	/** Channels of the image the model reads (or, for a generator, writes). */
	public int channels() {
		return channels;
	}

	public int height() {
		return height;
	}

	public int width() {
		return width;
	}

	public Preprocessing preprocessing() {
		return preprocessing;
	}

	public String activationsMethod() {
		return activationsMethod;
	}

	/**
	 * The layers commands use when none is named: all but the attention
	 * projections (unless there is nothing else).
	 */
	public List<LayerSpec> layers() {
		return layers;
	}

	/**
	 * The transformer blocks' q, k and v projections ({@code projection} set), in
	 * manifest order.
	 */
	public List<LayerSpec> projections() {
		return projections;
	}

	/** Every layer the package returns, projections included. */
	public List<LayerSpec> allLayers() {
		if (projections.isEmpty() || layers.equals(projections)) return layers;
		List<LayerSpec> all = new ArrayList<>(layers);
		all.addAll(projections);
		return Collections.unmodifiableList(all);
	}

	public List<String> classNames() {
		return classNames;
	}

	/** The generator settings, or null for image-reading models. */
	public GeneratorSpec generator() {
		return generator;
	}

	/**
	 * For a package without config.rosetta: that it exposes only forward's
	 * output, and how to add inner layers.
	 */
	public Optional<String> forwardOnlyNote() {
		return forwardOnlyNote;
	}
}
