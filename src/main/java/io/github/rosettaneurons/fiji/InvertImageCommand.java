
package io.github.rosettaneurons.fiji;

import java.io.File;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import io.github.rosettaneurons.data.StackSource;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.invert.ImageInversion;
import io.github.rosettaneurons.invert.InversionOutputs;
import io.github.rosettaneurons.invert.LatentOptimiser;
import io.github.rosettaneurons.invert.OptimisationOptions;
import io.github.rosettaneurons.invert.RosettaPairs;

/**
 * Invert Image into Generator: finds the generator latent whose Rosetta units
 * best match what another model sees in the image (docs/invert.md). With a
 * class other than the image's, the layout is carried over to that class
 * (cross-class alignment). Menu entry from plugins.config via
 * {@link CommandBridge}.
 */
@Plugin(type = Command.class, headless = true,
	label = "Invert Image into Generator")
public class InvertImageCommand extends InversionCommand {

	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Generator package", style = DialogField.MODEL_STYLE)
	private File generator;

	@Parameter(label = "Model package that reads the image",
		style = DialogField.MODEL_STYLE)
	private File model;

	@Parameter(
		label = "Dictionary (dictionary.csv mined with the generator as anchor)")
	private File dictionary;

	@Parameter(label = "Category (class of the generator)")
	private int category = 0;

	@Parameter(label = "Steps (Adam iterations)", min = "1")
	private int steps = OptimisationOptions.inversion().steps();

	@Parameter(label = "Rate (Adam learning rate)")
	private double rate = OptimisationOptions.inversion().learningRate();

	@Parameter(label = "Pixel loss weight (0: activations only)")
	private double pixel = OptimisationOptions.inversion().pixelWeight();

	@Parameter(label = "Regulariser weight, mean of z squared")
	private double regulariser = OptimisationOptions.inversion()
		.regulariserWeight();

	@Parameter(label = "Seed of the start latent")
	private int seed = (int) OptimisationOptions.inversion().seed();

	@Parameter(
		label = "Every N steps a trajectory slice (0: start and result only)",
		min = "0")
	private int every = OptimisationOptions.inversion().saveEvery();

	@Override
	protected void execute() {
		if (image == null) throw new IllegalArgumentException(
			"Open an image to invert first.");
		ModelPackage generatorPackage = ModelPackage.open(generator.toPath());
		ModelPackage modelPackage = ModelPackage.open(model.toPath());
		RosettaPairs pairs = RosettaPairs.read(dictionary.toPath(), generatorPackage
			.name());
		OptimisationOptions options = OptimisationOptions.inversion().withSteps(
			steps).withLearningRate(rate).withPixelWeight(pixel)
			.withRegulariserWeight(regulariser).withSeed(seed).withSaveEvery(every);
		if (log != null) log.info("Invert Image into Generator: " + image
			.getTitle() + " into " + generatorPackage.name() + " through " +
			modelPackage.name() + " with " + DjlEnvironment.describe());
		LatentOptimiser.Result optimised = ImageInversion.invert(generatorPackage,
			modelPackage, pairs, new StackSource(image).get(0), category, options,
			new CommandProgress(status, this));
		InversionOutputs outputs = new InversionOutputs(image.getShortTitle() +
			" in " + generatorPackage.name(), optimised);
		keep(outputs, null);
	}

}
