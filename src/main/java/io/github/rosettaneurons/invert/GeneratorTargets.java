
package io.github.rosettaneurons.invert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.GeneratorSpec;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelManifest;
import io.github.rosettaneurons.engine.ModelPackageException;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.rosetta.UnitRef;
import io.github.rosettaneurons.rosetta.UnitStatistics;

/**
 * The generator's side of an inversion or edit: its Rosetta units grouped by
 * layer, and its own maps for a latent.
 */
final class GeneratorTargets {

	private final Network generator;
	private final GeneratorSpec spec;
	private final Map<LayerSpec, List<Integer>> unitsByLayer =
		new LinkedHashMap<>();

	GeneratorTargets(Network generator, List<UnitRef> units) {
		this.generator = generator;
		this.spec = generator.manifest().generator();
		if (spec == null) throw new ModelPackageException(generator.manifest()
			.file() + ": model '" + generator.name() +
			"' is not a generator; inversion needs one (config.rosetta.generator).");
		ModelManifest manifest = generator.manifest();
		for (UnitRef unit : units)
			unitsByLayer.computeIfAbsent(manifest.layer(unit.layer()),
				k -> new ArrayList<>()).add(unit.unit());
	}

	static void checkCategory(GeneratorSpec spec, String name, int category) {
		if (category < 0 || category >= Math.max(spec.numClasses(), 1))
			throw new IllegalArgumentException("Class " + category +
				" does not exist; '" + name + "' has " + Math.max(spec.numClasses(),
					1) + " class(es), 0 to " + (Math.max(spec.numClasses(), 1) - 1) +
				".");
	}

	Map<LayerSpec, List<Integer>> unitsByLayer() {
		return unitsByLayer;
	}

	List<LayerSpec> layers() {
		return List.copyOf(unitsByLayer.keySet());
	}

	static int[] indices(List<Integer> units) {
		return units.stream().mapToInt(Integer::intValue).toArray();
	}

	/** The generator's output for one latent, in {@code scope}. */
	Network.GeneratorOutput generate(NDManager scope, float[] latent,
		int category)
	{
		NDArray z = scope.create(latent, new Shape(1, spec.latentSize()));
		return generator.generate(z, scope.create(new long[] { category }),
			layers());
	}

	/**
	 * The z-scored maps (P, h, w) of each layer's Rosetta units for one latent,
	 * in {@code scope}.
	 */
	Map<LayerSpec, NDArray> ownMaps(NDManager scope, float[] latent, int category,
		UnitStatistics statistics)
	{
		Network.GeneratorOutput output = generate(scope, latent, category);
		Map<LayerSpec, NDArray> maps = new LinkedHashMap<>();
		unitsByLayer.forEach((layer, units) -> {
			int[] indices = indices(units);
			maps.put(layer, UnitMaps.standardise(UnitMaps.select(output.activations()
				.get(layer.output()), indices), moments(statistics, layer, indices)));
		});
		return maps;
	}

	float[][] moments(UnitStatistics statistics, LayerSpec layer, int[] units) {
		return UnitMaps.moments(statistics, generator.name(), layer.output(),
			units);
	}

	/** The generated image of one latent, [0, 1]. */
	SourceImage image(NDManager scope, float[] latent, int category,
		String name)
	{
		NDArray image = spec.toUnitRange(generate(scope, latent, category).image());
		return SourceImage.ofChannelsFirst(name, image.toFloatArray(), image
			.getShape().getShape());
	}
}
