
package io.github.rosettaneurons.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.CsvTable;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;
import io.github.rosettaneurons.invert.ImageInversion;
import io.github.rosettaneurons.invert.LatentOptimiser;
import io.github.rosettaneurons.invert.OptimisationOptions;
import io.github.rosettaneurons.invert.RosettaPairs;

/**
 * Inversion's validity figure: real concept images inverted into the generator
 * through the Rosetta units (as the invert command does, in the image's own
 * scene class), then the generator's object-mask logits at the inverted latent
 * (the layer {@value #MASK_LAYER}, positive on objects) against the image's
 * true object mask: mean IoU, and the same at the starting latent as control.
 * Rosetta neurons on the mask layer itself are left out of the targets, so the
 * mask is a read-out, not a target.
 */
final class InversionValidity {

	static final String MASK_LAYER = "mask";
	private static final String METRIC = "object-mask IoU";

	private InversionValidity() {}

	/**
	 * IoU of the pixels with a positive logit and the truth's non-zero pixels.
	 */
	static double maskIou(float[] logits, int[] truth) {
		if (logits.length != truth.length) throw new IllegalArgumentException(
			"The mask has " + logits.length + " pixels, the truth " + truth.length);
		long intersection = 0;
		long union = 0;
		for (int i = 0; i < truth.length; i++) {
			boolean predicted = logits[i] > 0;
			boolean actual = truth[i] != 0;
			if (predicted && actual) intersection++;
			if (predicted || actual) union++;
		}
		return union == 0 ? 1 : (double) intersection / union;
	}

	static ValidityRow row(ModelPackage generator, ModelPackage model,
		RosettaPairs pairs, Path concepts, int count, OptimisationOptions options)
	{
		Optional<LayerSpec> mask = generator.manifest().layers().stream().filter(
			layer -> layer.name().equals(MASK_LAYER)).findFirst();
		if (mask.isEmpty()) return ValidityRow.unmeasured("inversion", METRIC,
			ValidityRow.Target.atLeast(0.6), generator.name() + " has no '" +
				MASK_LAYER + "' layer (object-mask logits)");
		Path scenes = concepts.resolve("scenes.csv");
		if (!Files.isRegularFile(scenes)) return ValidityRow.unmeasured("inversion",
			METRIC, ValidityRow.Target.atLeast(0.6), scenes +
				" is missing (the images' scene classes)");
		Map<String, String> classes = sceneClasses(scenes);
		RosettaPairs targets;
		try {
			targets = pairs.withoutGeneratorLayer(MASK_LAYER);
			targets.pairsWith(model.name());
		}
		catch (IllegalArgumentException e) {
			return ValidityRow.unmeasured("inversion", METRIC, ValidityRow.Target
				.atLeast(0.6), "no Rosetta units to invert through: " + e.getMessage());
		}
		PathwayBenchmark.ObjectTruth truth = PathwayBenchmark.ObjectTruth.read(
			concepts, count);
		List<String> classNames = generator.manifest().classNames();
		double inverted = 0;
		double start = 0;
		int size = generator.manifest().generator().latentSize();
		try (Network network = generator.load();
				NDManager scope = network.newScope())
		{
			for (int i = 0; i < truth.images().size(); i++) {
				SourceImage image = truth.images().get(i);
				int category = classNames.indexOf(classes.get(image.name()));
				if (category < 0) throw new IllegalArgumentException(scenes +
					": no class of " + generator.name() + " for " + image.name());
				LatentOptimiser.Result result = ImageInversion.invert(generator, model,
					targets, image, category, options, Progress.NONE);
				inverted += maskIou(logits(network, scope, mask.get(), result.latent(),
					category), truth.classes().get(i));
				start += maskIou(logits(network, scope, mask.get(), options.startLatent(
					size), category), truth.classes().get(i));
			}
		}
		int n = truth.images().size();
		return new ValidityRow("inversion", METRIC, inverted / n, start / n,
			ValidityRow.Target.atLeast(0.6), n + " concept images into " + generator
				.name() + " through " + model.name() + ", " + options.steps() +
				" steps; control: the starting latent");
	}

	private static float[] logits(Network generator, NDManager scope,
		LayerSpec mask, float[] latent, int category)
	{
		try (NDManager step = scope.newSubManager()) {
			return generator.generate(step.create(latent, new Shape(1,
				latent.length)), step.create(new long[] { category }), List.of(mask))
				.activations().get(mask.output()).toFloatArray();
		}
	}

	private static Map<String, String> sceneClasses(Path scenes) {
		Map<String, String> classes = new HashMap<>();
		List<String> problems = new ArrayList<>();
		CsvTable.read(scenes, List.of("image", "class"), problems, row -> classes
			.put(row.text("image"), row.text("class")));
		if (!problems.isEmpty()) throw new IllegalArgumentException(String.join(
			"; ", problems));
		return classes;
	}
}
