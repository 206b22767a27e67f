
package io.github.rosettaneurons.engine;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

/**
 * A TorchScript network on DJL's PyTorch engine. Each instance is either for
 * inference or for gradient work, never both: running a TorchScript block in
 * both modes flips its BatchNorm layers into training mode and corrupts their
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
	private final NetworkContract contract;

	private TorchScriptNetwork(Engine engine, ModelPackage modelPackage,
		ZooModel<NDList, NDList> model, boolean forGradients)
	{
		this.engine = engine;
		this.modelPackage = modelPackage;
		this.model = model;
		this.forGradients = forGradients;
		this.parameterStore = new ParameterStore(model.getNDManager(), false);
		this.contract = new NetworkContract(modelPackage.manifest());
	}

	static Network load(TorchScriptBackend backend, ModelPackage modelPackage,
		Device device, boolean forGradients)
	{
		Engine engine = DjlEnvironment.engine(backend);
		return DjlEnvironment.withPluginClassLoader(() -> {
			Criteria.Builder<NDList, NDList> criteria = Criteria.builder().setTypes(
				NDList.class, NDList.class).optModelPath(modelPackage.weights())
				.optEngine(engine.getEngineName()).optDevice(device).optOption(
					"mapLocation", "true");
			if (forGradients) criteria.optOption("trainParam", "true");
			try {
				return new TorchScriptNetwork(engine, modelPackage, criteria.build()
					.loadModel(), forGradients);
			}
			catch (IOException | MalformedModelException | ModelNotFoundException
					| RuntimeException e)
			{
				throw new ModelPackageException(modelPackage.weights() +
					": PyTorch cannot load this file as " + "TorchScript (" + firstLine(
						e) +
					"). Export the model with torch.jit.script or torch.jit.trace " +
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
	public Map<String, NDArray> activations(NDArray images,
		List<LayerSpec> layers)
	{
		ModelManifest manifest = modelPackage.manifest();
		contract.checkImages(images);
		NDList outputs = call(manifest.activationsMethod(), new NDList(images));
		if (manifest.activationsMethod().equals(ModelManifest.FORWARD_METHOD))
			outputs = contract.forwardLayers(outputs);
		return contract.select(outputs, layers);
	}

	@Override
	public GeneratorOutput generate(NDArray latents, NDArray classes,
		List<LayerSpec> layers)
	{
		GeneratorSpec spec = contract.checkLatents(latents);
		NDList outputs = call(spec.method(), new NDList(latents, classes.toType(
			DataType.INT64, false)));
		return new GeneratorOutput(contract.image(outputs, spec), contract.select(
			outputs, layers));
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
			throw new ModelPackageException(modelPackage.weights() +
				": calling TorchScript method '" + method + "' failed (" + firstLine(
					e) +
				"). The method must exist (@torch.jit.export) and return Dict[str, Tensor]; " +
				"check it with tools/export_model.py --verify.", e);
		}
		finally {
			if (marker != null) marker.close();
		}
	}

	@Override
	public ModelPackage modelPackage() {
		return modelPackage;
	}

	@Override
	public Device device() {
		return model.getNDManager().getDevice();
	}

	@Override
	public boolean forGradients() {
		return forGradients;
	}

	@Override
	public NDManager newScope() {
		return model.getNDManager().newSubManager();
	}

	@Override
	public void close() {
		model.close();
	}
}
