
package io.github.rosettaneurons.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * What the manifest promises about a network call, whatever backend makes it:
 * the inputs it accepts, and how the named tensors a method returns become the
 * layer maps of {@link Network#activations} and {@link Network#generate}.
 */
final class NetworkContract {

	private final ModelManifest manifest;

	NetworkContract(ModelManifest manifest) {
		this.manifest = manifest;
	}

	/** Refuses generators and images that are not (B, channels, H, W). */
	void checkImages(NDArray images) {
		if (manifest.role() == ModelRole.GENERATOR) throw new ModelPackageException(
			manifest.file() + ": model '" + manifest.name() +
				"' is a generator; it makes images from latents and cannot read one. Use generate().");
		Shape shape = images.getShape();
		if (shape.dimension() != 4 || shape.get(1) != manifest.channels())
			throw new IllegalArgumentException("Model '" + manifest.name() +
				"' expects images of shape (batch, " + manifest.channels() +
				", H, W), got " + shape +
				". Preprocess images with the manifest's channel layout.");
	}

	/**
	 * The generator settings, refusing non-generators and latents that are not
	 * (B, latentSize).
	 */
	GeneratorSpec checkLatents(NDArray latents) {
		GeneratorSpec spec = manifest.generator();
		if (spec == null) throw new ModelPackageException(manifest.file() +
			": model '" + manifest.name() +
			"' is not a generator (config.rosetta.generator is absent).");
		if (latents.getShape().dimension() != 2 || latents.getShape().get(1) != spec
			.latentSize()) throw new IllegalArgumentException("Generator '" + manifest
				.name() + "' expects latents of shape (batch, " + spec.latentSize() +
				"), got " + latents.getShape());
		return spec;
	}

	/**
	 * forward returns a tensor or a tuple, not a dictionary: its results are the
	 * manifest's layers in order, and (B, C) scores become (B, C, 1, 1) maps.
	 */
	NDList forwardLayers(NDList outputs) {
		List<LayerSpec> all = manifest.layers();
		if (outputs.size() != all.size()) throw new ModelPackageException(manifest
			.file() + ": model '" + manifest.name() + "' returns " + outputs.size() +
			" tensors from forward but the manifest lists " + all.size() +
			" outputs. Describe every tensor forward returns under outputs, in order.");
		NDList layers = new NDList();
		for (int i = 0; i < all.size(); i++) {
			Shape shape = outputs.get(i).getShape();
			NDArray map = shape.dimension() == 2 ? outputs.get(i).reshape(shape.get(
				0), shape.get(1), 1, 1) : outputs.get(i);
			map.setName(all.get(i).output());
			layers.add(map);
		}
		return layers;
	}

	/** The generator's image among a generate call's outputs. */
	NDArray image(NDList outputs, GeneratorSpec spec) {
		for (NDArray output : outputs)
			if (spec.imageOutput().equals(output.getName())) return output;
		throw missingOutputs(outputs, List.of(spec.imageOutput()));
	}

	/**
	 * The requested layers' maps by output key, token layers folded to (B, C, h,
	 * w).
	 */
	Map<String, NDArray> select(NDList outputs, List<LayerSpec> layers) {
		Map<String, NDArray> byKey = new LinkedHashMap<>();
		for (NDArray output : outputs)
			byKey.put(output.getName(), output);
		List<String> missing = layers.stream().map(LayerSpec::output).filter(
			k -> !byKey.containsKey(k)).toList();
		if (!missing.isEmpty()) throw missingOutputs(outputs, missing);
		Map<String, NDArray> selected = new LinkedHashMap<>();
		for (LayerSpec layer : layers)
			selected.put(layer.output(), layer.tokens() ? foldTokens(byKey.get(layer
				.output()), layer) : byKey.get(layer.output()));
		return selected;
	}

	private ModelPackageException missingOutputs(NDList outputs,
		List<String> missing)
	{
		String returned = outputs.stream().map(NDArray::getName).sorted().collect(
			Collectors.joining(", "));
		return new ModelPackageException(manifest.file() + ": model '" + manifest
			.name() + "' did not return " + missing + " (it returned: " + returned +
			"). Make config.rosetta.layers[].output match the keys of the " +
			"exported method's dictionary.");
	}

	/**
	 * (B, prefix + h*w, C) tokens to (B, C, h, w) maps, for square token grids.
	 */
	private NDArray foldTokens(NDArray tokens, LayerSpec layer) {
		Shape shape = tokens.getShape();
		if (shape.dimension() != 3) throw new ModelPackageException(manifest
			.file() + ": layer '" + layer.name() +
			"' is marked tokens: true but returns shape " + shape +
			", not (batch, tokens, channels).");
		long spatial = shape.get(1) - layer.prefixTokens();
		long side = Math.round(Math.sqrt(spatial));
		if (spatial <= 0 || side * side != spatial) throw new ModelPackageException(
			manifest.file() + ": layer '" + layer.name() + "' has " + shape.get(1) +
				" tokens; after " + layer.prefixTokens() +
				" prefix tokens they do not form a square grid. Fix prefix_tokens.");
		return tokens.get(":, " + layer.prefixTokens() + ":, :").reshape(shape.get(
			0), side, side, shape.get(2)).transpose(0, 3, 1, 2);
	}
}
