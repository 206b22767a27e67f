package io.github.rosettaneurons.engine;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A TorchScript network on DJL's PyTorch engine. Each instance is either for inference or for gradient work, never
 * both: running a TorchScript block in both modes flips its BatchNorm layers into training mode and corrupts their
 * running statistics.
 */
final class TorchScriptNetwork implements Network {

	/** PyTorch's gradient collector is one per JVM; gradient work queues here. */
	private static final Object GRADIENT_LOCK = new Object();

	private final Engine engine;
	private final ModelPackage modelPackage;
	private final ZooModel<NDList, NDList> model;
	private final boolean forGradients;
	private final ParameterStore parameterStore;

	private TorchScriptNetwork(Engine engine, ModelPackage modelPackage, ZooModel<NDList, NDList> model,
		boolean forGradients)
	{
		this.engine = engine;
		this.modelPackage = modelPackage;
		this.model = model;
		this.forGradients = forGradients;
		this.parameterStore = new ParameterStore(model.getNDManager(), false);
	}

	static Network load(TorchScriptBackend backend, ModelPackage modelPackage, Device device, boolean forGradients) {
		Engine engine = DjlEnvironment.engine(backend);
		return DjlEnvironment.withPluginClassLoader(() -> {
			Criteria.Builder<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
				.optModelPath(modelPackage.weights()).optEngine(engine.getEngineName()).optDevice(device)
				.optOption("mapLocation", "true");
			if (forGradients) criteria.optOption("trainParam", "true");
			try {
				return new TorchScriptNetwork(engine, modelPackage, criteria.build().loadModel(), forGradients);
			}
			catch (IOException | MalformedModelException | ModelNotFoundException | RuntimeException e) {
				throw new ModelPackageException(modelPackage.weights() + ": PyTorch cannot load this file as " +
					"TorchScript (" + firstLine(e) + "). Export the model with torch.jit.script or torch.jit.trace " +
					"and torch.jit.save (tools/export_model.py does this).", e);
			}
		});
	}

	private static String firstLine(Throwable e) {
		String message = String.valueOf(e.getMessage());
		int newline = message.indexOf('\n');
		return newline < 0 ? message : message.substring(0, newline);
	}

	@Override
	public Map<String, NDArray> activations(NDArray images, List<LayerSpec> layers) {
		ModelManifest manifest = modelPackage.manifest();
		if (manifest.role() == ModelRole.GENERATOR) throw new ModelPackageException(manifest.file() + ": model '" +
			manifest.name() + "' is a generator; it makes images from latents and cannot read one. Use generate().");
		Shape shape = images.getShape();
		if (shape.dimension() != 4 || shape.get(1) != manifest.channels()) throw new IllegalArgumentException(
			"Model '" + manifest.name() + "' expects images of shape (batch, " + manifest.channels() + ", H, W), got " +
				shape + ". Preprocess images with the manifest's channel layout.");
		NDList outputs = call(manifest.activationsMethod(), new NDList(images));
		if (manifest.activationsMethod().equals(ModelManifest.FORWARD_METHOD)) outputs = asLayers(outputs, manifest.layers());
		return select(outputs, layers);
	}

	@Override
	public GeneratorOutput generate(NDArray latents, NDArray classes, List<LayerSpec> layers) {
		ModelManifest manifest = modelPackage.manifest();
		GeneratorSpec spec = manifest.generator();
		if (spec == null) throw new ModelPackageException(manifest.file() + ": model '" + manifest.name() +
			"' is not a generator (config.rosetta.generator is absent).");
		if (latents.getShape().dimension() != 2 || latents.getShape().get(1) != spec.latentSize())
			throw new IllegalArgumentException("Generator '" + manifest.name() + "' expects latents of shape (batch, " +
				spec.latentSize() + "), got " + latents.getShape());
		NDList outputs = call(spec.method(), new NDList(latents, classes.toType(DataType.INT64, false)));
		NDArray image = null;
		for (NDArray output : outputs) if (spec.imageOutput().equals(output.getName())) image = output;
		if (image == null) throw missingOutputs(outputs, List.of(spec.imageOutput()));
		return new GeneratorOutput(image, select(outputs, layers));
	}

	/** Calls another @torch.jit.export method of the module. */
	@Override
	public NDList invoke(String method, NDList inputs) {
		return call(method, inputs);
	}

	@Override
	public <T> T withGradients(GradientWork<T> work) {
		if (!forGradients) throw new IllegalStateException("Model '" + name() +
			"' was loaded for inference; load a separate instance with forGradients=true for gradient work.");
		synchronized (GRADIENT_LOCK) {
			try (GradientCollector collector = engine.newGradientCollector()) {
				return work.run(collector);
			}
		}
	}

	/**
	 * forward returns a tensor or a tuple, not a dictionary: its results are the manifest's layers in order, and
	 * (B, C) scores become (B, C, 1, 1) maps.
	 */
	private NDList asLayers(NDList outputs, List<LayerSpec> all) {
		if (outputs.size() != all.size()) throw new ModelPackageException(modelPackage.manifest().file() + ": model '" +
			name() + "' returns " + outputs.size() + " tensors from forward but the manifest lists " + all.size() +
			" outputs. Describe every tensor forward returns under outputs, in order.");
		NDList layers = new NDList();
		for (int i = 0; i < all.size(); i++) {
			Shape shape = outputs.get(i).getShape();
			NDArray map = shape.dimension() == 2 ? outputs.get(i).reshape(shape.get(0), shape.get(1), 1, 1) : outputs.get(i);
			map.setName(all.get(i).output());
			layers.add(map);
		}
		return layers;
	}

	private NDList call(String method, NDList inputs) {
		NDList arguments = new NDList(inputs);
		NDArray marker = null;
		if (!method.equals(ModelManifest.FORWARD_METHOD)) {
			marker = inputs.get(0).getManager().create(0f);
			marker.setName("module_method:" + method);
			arguments.add(marker);
		}
		Block block = model.getBlock();
		try {
			return block.forward(parameterStore, arguments, forGradients);
		}
		catch (RuntimeException e) {
			throw new ModelPackageException(modelPackage.weights() + ": calling TorchScript method '" + method +
				"' failed (" + firstLine(e) + "). The method must exist (@torch.jit.export) and return Dict[str, Tensor]; " +
				"check it with tools/export_model.py --verify.", e);
		}
		finally {
			if (marker != null) marker.close();
		}
	}

	private Map<String, NDArray> select(NDList outputs, List<LayerSpec> layers) {
		Map<String, NDArray> byKey = new LinkedHashMap<>();
		for (NDArray output : outputs) byKey.put(output.getName(), output);
		List<String> missing = layers.stream().map(LayerSpec::output).filter(k -> !byKey.containsKey(k)).toList();
		if (!missing.isEmpty()) throw missingOutputs(outputs, missing);
		Map<String, NDArray> selected = new LinkedHashMap<>();
		for (LayerSpec layer : layers) selected.put(layer.output(), layer.tokens() ? foldTokens(byKey.get(layer.output()),
			layer) : byKey.get(layer.output()));
		return selected;
	}

	private ModelPackageException missingOutputs(NDList outputs, List<String> missing) {
		String returned = outputs.stream().map(NDArray::getName).sorted().collect(Collectors.joining(", "));
		return new ModelPackageException(modelPackage.manifest().file() + ": model '" + name() + "' did not return " +
			missing + " (it returned: " + returned + "). Make config.rosetta.layers[].output match the keys of the " +
			"exported method's dictionary.");
	}

	/** (B, prefix + h*w, C) tokens to (B, C, h, w) maps, for square token grids. */
	private NDArray foldTokens(NDArray tokens, LayerSpec layer) {
		Shape shape = tokens.getShape();
		if (shape.dimension() != 3) throw new ModelPackageException(modelPackage.manifest().file() + ": layer '" +
			layer.name() + "' is marked tokens: true but returns shape " + shape + ", not (batch, tokens, channels).");
		long spatial = shape.get(1) - layer.prefixTokens();
		long side = Math.round(Math.sqrt(spatial));
		if (spatial <= 0 || side * side != spatial) throw new ModelPackageException(modelPackage.manifest().file() +
			": layer '" + layer.name() + "' has " + shape.get(1) + " tokens; after " + layer.prefixTokens() +
			" prefix tokens they do not form a square grid. Fix prefix_tokens.");
		return tokens.get(":, " + layer.prefixTokens() + ":, :").reshape(shape.get(0), side, side, shape.get(2))
			.transpose(0, 3, 1, 2);
	}

	@Override
	public ModelPackage modelPackage() { return modelPackage; }
	@Override
	public Device device() { return model.getNDManager().getDevice(); }
	@Override
	public boolean forGradients() { return forGradients; }
	@Override
	public NDManager newScope() { return model.getNDManager().newSubManager(); }

	@Override
	public void close() {
		model.close();
	}
}
