
package io.github.rosettaneurons.invert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import io.github.rosettaneurons.data.Preprocessor;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelManifest;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.ModelPackageException;
import io.github.rosettaneurons.engine.ModelRole;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;

/**
 * Inversion of a real image into a generator guided by another model (the
 * reference's inversion notebook): the image's activations in the model, at the
 * units matched to the generator's Rosetta units, become the targets the
 * generator's units must match. With a class other than the image's this is
 * cross-class alignment: the layout and pose of the image carried over to
 * another class.
 */
public final class ImageInversion {

	private ImageInversion() {}

	public static LatentOptimiser.Result invert(ModelPackage generatorPackage,
		ModelPackage modelPackage, RosettaPairs pairs, SourceImage image,
		int category, OptimisationOptions options, Progress progress)
	{
		if (modelPackage.manifest().role() == ModelRole.GENERATOR)
			throw new ModelPackageException(modelPackage.manifest().file() +
				": model '" + modelPackage.name() +
				"' is a generator and cannot read the " +
				"image; give the model the generator was mined against (e.g. a classifier).");
		List<RosettaPairs.Pair> matched = pairs.pairsWith(modelPackage.name());
		try (Network generator = generatorPackage.load(DjlEnvironment.device(),
			true); NDManager targetScope = generator.newScope())
		{
			GeneratorTargets side = new GeneratorTargets(generator, matched.stream()
				.map(RosettaPairs.Pair::generatorUnit).toList());
			GeneratorTargets.checkCategory(generator.manifest().generator(), generator
				.name(), category);
			float[] start = options.startLatent(generator.manifest().generator()
				.latentSize());
			Network.GeneratorOutput first = side.generate(targetScope, start,
				category);
			Map<LayerSpec, List<float[]>> targetMaps = modelMaps(modelPackage, pairs,
				matched, image, first, generator.manifest());
			List<LatentOptimiser.LayerTarget> targets = new ArrayList<>();
			for (LayerSpec layer : side.layers()) {
				Shape size = first.activations().get(layer.output()).getShape();
				List<float[]> maps = targetMaps.get(layer);
				float[] joined = new float[(int) (maps.size() * size.get(2) * size.get(
					3))];
				for (int p = 0; p < maps.size(); p++)
					System.arraycopy(maps.get(p), 0, joined, p * maps.get(p).length, maps
						.get(p).length);
				int[] units = GeneratorTargets.indices(side.unitsByLayer().get(layer));
				targets.add(LatentOptimiser.LayerTarget.of(layer, units, side.moments(
					pairs.statistics(), layer, units), targetScope.create(joined,
						new Shape(maps.size(), size.get(2), size.get(3)))));
			}
			NDArray pixelTarget = options.pixelWeight() > 0 ? pixelTarget(targetScope,
				image, first.image().getShape()) : null;
			float[] origin = new float[start.length];
			return new LatentOptimiser(generator).run(start, category, targets,
				pixelTarget, origin, options, progress);
		}
	}

	/**
	 * Per generator layer, in the order of its units, the model's matched maps
	 * for the image: z-scored with the mining statistics and bilinearly resized
	 * to the generator map's size (as the reference does).
	 */
	private static Map<LayerSpec, List<float[]>> modelMaps(
		ModelPackage modelPackage, RosettaPairs pairs,
		List<RosettaPairs.Pair> matched, SourceImage image,
		Network.GeneratorOutput first, ModelManifest generatorManifest)
	{
		ModelManifest manifest = modelPackage.manifest();
		Map<LayerSpec, List<float[]>> byLayer = new LinkedHashMap<>();
		List<LayerSpec> modelLayers = matched.stream().map(p -> manifest.layer(p
			.targetUnit().layer())).distinct().toList();
		try (Network model = modelPackage.load();
				NDManager scope = model.newScope())
		{
			NDArray input = new Preprocessor(manifest).toBatch(scope, List.of(image));
			Map<String, NDArray> activations = model.activations(input, modelLayers);
			// matched pairs are in the order GeneratorTargets grouped them, so each
			// layer's maps line up with its units
			for (RosettaPairs.Pair pair : matched) {
				LayerSpec modelLayer = manifest.layer(pair.targetUnit().layer());
				LayerSpec generatorLayer = generatorManifest.layer(pair.generatorUnit()
					.layer());
				int[] unit = { pair.targetUnit().unit() };
				NDArray map = UnitMaps.standardise(UnitMaps.select(activations.get(
					modelLayer.output()), unit), UnitMaps.moments(pairs.statistics(),
						modelPackage.name(), modelLayer.output(), unit));
				Shape size = first.activations().get(generatorLayer.output())
					.getShape();
				byLayer.computeIfAbsent(generatorLayer, k -> new ArrayList<>()).add(
					UnitMaps.resize(map, (int) size.get(2), (int) size.get(3))
						.toFloatArray());
			}
		}
		return byLayer;
	}

	/**
	 * The image bilinearly resized to the generator's output, (1, C, H, W) in [0,
	 * 1].
	 */
	private static NDArray pixelTarget(NDManager scope, SourceImage image,
		Shape shape)
	{
		int channels = (int) shape.get(1);
		int height = (int) shape.get(2);
		int width = (int) shape.get(3);
		if (image.channels().size() != channels && image.channels().size() != 1)
			throw new IllegalArgumentException("Image '" + image.name() + "' has " +
				image.channels().size() + " channels; the generator makes " + channels +
				". Convert it (Image>Type>RGB Color) for the pixel loss.");
		float[] pixels = new float[channels * width * height];
		for (int c = 0; c < channels; c++) {
			FloatProcessor plane = image.channels().get(Math.min(c, image.channels()
				.size() - 1));
			if (plane.getWidth() != width || plane.getHeight() != height) {
				plane = (FloatProcessor) plane.duplicate();
				plane.setInterpolationMethod(ImageProcessor.BILINEAR);
				plane = (FloatProcessor) plane.resize(width, height, true);
			}
			System.arraycopy((float[]) plane.getPixels(), 0, pixels, c * width *
				height, width * height);
		}
		return scope.create(pixels, new Shape(1, channels, height, width));
	}
}
