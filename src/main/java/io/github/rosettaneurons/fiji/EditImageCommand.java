
package io.github.rosettaneurons.fiji;

import java.io.File;
import java.util.Locale;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.ImageStack;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.invert.GeneratedImageEdit;
import io.github.rosettaneurons.invert.InversionOutputs;
import io.github.rosettaneurons.invert.OptimisationOptions;
import io.github.rosettaneurons.invert.RosettaPairs;
import io.github.rosettaneurons.invert.TargetEdit;

/**
 * Edit Generated Image: shifts, zooms or copy-pastes a generator sample by
 * transforming the target maps of the generator's Rosetta units and optimising
 * the latent to produce them (docs/invert.md). Steps, rate and regulariser left
 * at 0, 0 and −1 take the edit's reference defaults. Menu entry from
 * plugins.config via {@link CommandBridge}.
 */
@Plugin(type = Command.class, headless = true, label = "Edit Generated Image")
public class EditImageCommand extends InversionCommand {

	@Parameter(label = "Generator package", style = DialogField.MODEL_STYLE)
	private File generator;

	@Parameter(
		label = "Dictionary (dictionary.csv mined with the generator as anchor)")
	private File dictionary;

	@Parameter(label = "Edit", choices = { "shift", "zoom", "copy_paste" })
	private String edit = "shift";

	@Parameter(label = "Amount of the shift (fraction of the width, + right)")
	private double amount = GeneratedImageEdit.DEFAULT_AMOUNT;

	@Parameter(label = "Sample seed of the image to edit")
	private int sample = 0;

	@Parameter(label = "Second sample seed (copy-paste: its right half)")
	private int second = 1;

	@Parameter(label = "Category (class of the generator)")
	private int category = 0;

	@Parameter(label = "Steps (0: the edit's default)", min = "0")
	private int steps = 0;

	@Parameter(label = "Rate (0: the edit's default)")
	private double rate = 0;

	@Parameter(label = "Regulariser weight (-1: the edit's default)")
	private double regulariser = -1;

	@Parameter(label = "Seed of the start latent (copy-paste)")
	private int seed = 0;

	@Parameter(
		label = "Every N steps a trajectory slice (0: start and result only)",
		min = "0")
	private int every = 0;

	@Override
	protected void execute() {
		TargetEdit kind = TargetEdit.valueOf(edit.trim().toUpperCase(Locale.ROOT));
		ModelPackage generatorPackage = ModelPackage.open(generator.toPath());
		RosettaPairs pairs = RosettaPairs.read(dictionary.toPath(), generatorPackage
			.name());
		OptimisationOptions options = OptimisationOptions.edit(kind).withOverrides(
			steps, rate, regulariser).withSeed(seed).withSaveEvery(every);
		if (log != null) log.info("Edit Generated Image: " + kind + " of " +
			generatorPackage.name() + " sample " + sample + " with " + DjlEnvironment
				.describe());
		GeneratedImageEdit.Outcome outcome = GeneratedImageEdit.edit(
			generatorPackage, pairs, kind, amount, sample, second, category, options,
			new CommandProgress(status, this));
		InversionOutputs outputs = new InversionOutputs(generatorPackage.name() +
			" " + edit, outcome.result());
		ImageStack originals = new ImageStack(outputs.result().getWidth(), outputs
			.result().getHeight());
		for (SourceImage image : outcome.originals())
			originals.addSlice("sample " + image.name(), image.toRgb());
		keep(outputs, new ImagePlus(generatorPackage.name() + " before " + edit,
			originals));
	}

}
