
package io.github.rosettaneurons.cli;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelPackage;

/**
 * The batch's {@code --layers}: names of layers of any of the models; each
 * model takes the ones it has.
 */
final class BatchLayers {

	private final List<String> requested;

	BatchLayers(String commaSeparated) {
		requested = Arrays.stream(commaSeparated.split(",")).map(String::trim)
			.filter(l -> !l.isEmpty()).toList();
	}

	/**
	 * The names of the listed layers this model has, comma-separated, or all its
	 * layers when none is listed.
	 */
	String names(ModelPackage modelPackage) {
		return of(modelPackage, modelPackage.manifest().layers()).stream().map(
			LayerSpec::name).collect(Collectors.joining(","));
	}

	/**
	 * The listed layers this model has, or {@code fallback} when none is listed.
	 */
	List<LayerSpec> of(ModelPackage modelPackage, List<LayerSpec> fallback) {
		if (requested.isEmpty()) return fallback;
		List<LayerSpec> chosen = modelPackage.manifest().layers().stream().filter(
			layer -> requested.stream().anyMatch(layer::answersTo)).toList();
		if (chosen.isEmpty()) throw new IllegalArgumentException(
			"None of the layers " + requested + " belongs to " + modelPackage.name() +
				"; its layers are " + modelPackage.manifest().layers().stream().map(
					LayerSpec::name).toList() + ".");
		return chosen;
	}
}
