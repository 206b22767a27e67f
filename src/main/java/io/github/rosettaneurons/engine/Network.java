
package io.github.rosettaneurons.engine;

import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

/**
 * A loaded model package, as the method packages see it: activations by layer,
 * generation, exported methods and gradients, whatever backend loaded the
 * weights ({@link ModelBackend}). Each instance is either for inference or for
 * gradient work, never both. Output tensors live in the manager of the input,
 * so callers scope them with {@link #newScope()}.
 */
public interface Network extends AutoCloseable {

	/**
	 * Activations of {@code layers} for a batch of preprocessed images (B, C, H,
	 * W), each as (B, C', h, w); transformer token outputs are folded to that
	 * shape as the manifest says.
	 */
	Map<String, NDArray> activations(NDArray images, List<LayerSpec> layers);

	/**
	 * Runs the generator on latents z (B, latentSize) and class indices (B,
	 * int64; ignored when unconditional). The result holds the image under the
	 * manifest's image key and the requested layers.
	 */
	GeneratorOutput generate(NDArray latents, NDArray classes,
		List<LayerSpec> layers);

	/**
	 * Calls another exported method with tensors (e.g. a text encoder's token
	 * ids); the outputs live in the inputs' manager.
	 */
	NDList invoke(String method, NDList inputs);

	/**
	 * Runs {@code work} under the engine's gradient collector; only on an
	 * instance loaded for gradients. Gradient work is serialised JVM-wide where
	 * the engine's collector is a singleton.
	 */
	<T> T withGradients(GradientWork<T> work);

	/**
	 * Code that records operations and calls {@code collector.backward(loss)}.
	 */
	@FunctionalInterface
	interface GradientWork<T> {

		T run(GradientCollector collector);
	}

	/** The tensors a generator call produced. */
	record GeneratorOutput(NDArray image, Map<String, NDArray> activations) {}

	ModelPackage modelPackage();

	default ModelManifest manifest() {
		return modelPackage().manifest();
	}

	default String name() {
		return modelPackage().name();
	}

	Device device();

	boolean forGradients();

	/**
	 * A manager on this network's device, to scope inputs (and hence outputs) of
	 * one step.
	 */
	NDManager newScope();

	@Override
	void close();
}
