package io.github.rosettaneurons.fiji;

import io.github.rosettaneurons.data.StackSource;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.invert.ImageInversion;
import io.github.rosettaneurons.invert.InversionOutputs;
import io.github.rosettaneurons.invert.LatentOptimiser;
import io.github.rosettaneurons.invert.OptimisationOptions;
import io.github.rosettaneurons.invert.RosettaPairs;
import ij.ImagePlus;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.File;

/**
 * Invert Image into Generator: finds the generator latent whose Rosetta units best match what another model sees in
 * the image (docs/invert.md). With a class other than the image's, the layout is carried over to that class
 * (cross-class alignment). Menu entry from plugins.config via {@link InvertImagePlugIn}.
 */
@Plugin(type = Command.class, headless = true, label = "Invert Image into Generator")
public class InvertImageCommand extends InversionCommand {

	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Generator package")
	private File generator;

	@Parameter(label = "Model package that reads the image")
	private File model;

	@Parameter(label = "Dictionary (dictionary.csv mined with the generator as anchor)")
	private File dictionary;

	@Parameter(label = "Category (class of the generator)")
	private int category = 0;

	@Parameter(label = "Steps", min = "1")
	private int steps = 1000;

	@Parameter(label = "Rate (Adam learning rate)")
	private double rate = 0.01;

	@Parameter(label = "Pixel loss weight")
	private double pixel = 0;

	@Parameter(label = "Regulariser weight, mean of z squared")
	private double regulariser = 0;

	@Parameter(label = "Seed of the start latent")
	private int seed = 0;

	@Override
	protected void execute() {
		if (image == null) throw new IllegalArgumentException("Open an image to invert first.");
		ModelPackage generatorPackage = ModelPackage.open(generator.toPath());
		ModelPackage modelPackage = ModelPackage.open(model.toPath());
		RosettaPairs pairs = RosettaPairs.read(dictionary.toPath(), generatorPackage.name());
		OptimisationOptions options = OptimisationOptions.inversion().withSteps(steps).withLearningRate(rate)
			.withPixelWeight(pixel).withRegulariserWeight(regulariser).withSeed(seed).withSaveEvery(every);
		if (log != null) log.info("Invert Image into Generator: " + image.getTitle() + " into " + generatorPackage.name() +
			" through " + modelPackage.name() + " with " + DjlEnvironment.describe());
		LatentOptimiser.Result optimised = ImageInversion.invert(generatorPackage, modelPackage, pairs,
			new StackSource(image).get(0), category, options, new CommandProgress(status, this));
		InversionOutputs outputs = new InversionOutputs(image.getShortTitle() + " in " + generatorPackage.name(),
			optimised);
		keep(outputs);
	}

}
