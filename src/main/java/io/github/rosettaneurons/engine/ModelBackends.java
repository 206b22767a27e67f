
package io.github.rosettaneurons.engine;

import java.util.List;

import ai.djl.ndarray.NDArray;

/**
 * The backends this build ships, in the order a package's weights formats are
 * tried.
 */
public final class ModelBackends {

	private static final List<ModelBackend> ALL = List.of(
		new TorchScriptBackend());

	private ModelBackends() {}

	/** The weights formats some backend loads, in order of preference. */
	public static List<String> formats() {
		return ALL.stream().map(ModelBackend::weightsFormat).toList();
	}

	/** The backend for a weights format that {@link #formats()} lists. */
	static ModelBackend forWeights(String format) {
		return ALL.stream().filter(backend -> backend.weightsFormat().equals(
			format)).findFirst().orElseThrow(() -> new IllegalArgumentException(
				"No backend loads '" + format + "' weights; supported: " + formats()));
	}

	/**
	 * The backend the plugin computes with where no model is involved
	 * (accumulators, device choice): the first.
	 */
	public static ModelBackend standard() {
		return ALL.get(0);
	}

	/** The backend whose engine holds {@code array}. */
	public static ModelBackend of(NDArray array) {
		String engine = array.getManager().getEngine().getEngineName();
		return ALL.stream().filter(backend -> backend.engineName().equals(engine))
			.findFirst().orElseThrow(() -> new IllegalArgumentException(
				"No backend of this build computes on DJL's " + engine + " engine."));
	}
}
