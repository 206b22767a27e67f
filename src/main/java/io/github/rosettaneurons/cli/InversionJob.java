
package io.github.rosettaneurons.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import ij.ImagePlus;
import io.github.rosettaneurons.data.ImageFiles;
import io.github.rosettaneurons.data.Numbers;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.data.StackSource;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Progress;
import io.github.rosettaneurons.invert.GeneratedImageEdit;
import io.github.rosettaneurons.invert.ImageInversion;
import io.github.rosettaneurons.invert.InversionOutputs;
import io.github.rosettaneurons.invert.LatentOptimiser;
import io.github.rosettaneurons.invert.OptimisationOptions;
import io.github.rosettaneurons.invert.RosettaPairs;
import io.github.rosettaneurons.invert.TargetEdit;

/**
 * {@code invert} and {@code edit}: inversion and edits from the command line
 * (docs/invert.md). Writes result.png, trajectory.tif, loss.png and losses.csv
 * (and the edited sample(s) as original*.png) to --out.
 */
final class InversionJob {

	static final Set<String> INVERT_KEYS = Set.of("generator", "model",
		"dictionary", "image", "out", "class", "steps", "lr", "pixel-weight",
		"reg-weight", "seed", "save-every");
	static final Set<String> EDIT_KEYS = Set.of("generator", "dictionary", "edit",
		"out", "amount", "sample", "second", "class", "steps", "lr", "reg-weight",
		"seed", "save-every");

	private InversionJob() {}

	static int invert(Arguments arguments) {
		ModelPackage generator = ModelPackage.open(Paths.get(arguments.require(
			"generator")));
		ModelPackage model = ModelPackage.open(Paths.get(arguments.require(
			"model")));
		Path out = Paths.get(arguments.require("out"));
		InversionOutputs.requireFree(out, InversionOutputs.FILES);
		RosettaPairs pairs = RosettaPairs.read(Paths.get(arguments.require(
			"dictionary")), generator.name());
		String imageFile = arguments.require("image");
		ImagePlus image = ImageFiles.open(Paths.get(imageFile));
		SourceImage source = new StackSource(image).get(0);
		OptimisationOptions defaults = OptimisationOptions.inversion();
		OptimisationOptions options = defaults.withSteps(arguments.integer("steps",
			defaults.steps())).withLearningRate(arguments.number("lr", defaults
				.learningRate())).withPixelWeight(arguments.number("pixel-weight",
					defaults.pixelWeight())).withRegulariserWeight(arguments.number(
						"reg-weight", defaults.regulariserWeight())).withSeed(arguments
							.integer("seed", (int) defaults.seed())).withSaveEvery(arguments
								.integer("save-every", defaults.saveEvery()));
		System.out.println("Inverting " + imageFile + " into " + generator.name() +
			" through " + model.name() + " (" + pairs.pairsWith(model.name()).size() +
			" matched units) with " + DjlEnvironment.describe());
		LatentOptimiser.Result result = ImageInversion.invert(generator, model,
			pairs, source, arguments.integer("class", 0), options,
			new StepProgress());
		return finish(new InversionOutputs(image.getShortTitle(), result), result,
			out, Map.of());
	}

	static int edit(Arguments arguments) {
		ModelPackage generator = ModelPackage.open(Paths.get(arguments.require(
			"generator")));
		Path out = Paths.get(arguments.require("out"));
		InversionOutputs.requireFree(out, InversionOutputs.FILES);
		RosettaPairs pairs = RosettaPairs.read(Paths.get(arguments.require(
			"dictionary")), generator.name());
		TargetEdit edit;
		try {
			edit = TargetEdit.valueOf(arguments.require("edit").trim().toUpperCase(
				Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw new Arguments.UsageException(
				"--edit must be shift, zoom or copy_paste.");
		}
		OptimisationOptions options = OptimisationOptions.edit(edit).withOverrides(
			arguments.integer("steps", 0), arguments.number("lr", 0), arguments
				.number("reg-weight", -1)).withSeed(arguments.integer("seed", 0))
			.withSaveEvery(arguments.integer("save-every", 0));
		System.out.println(edit.name().toLowerCase(Locale.ROOT) + " of " + generator
			.name() + " sample " + arguments.integer("sample", 0) + " through " +
			pairs.generatorUnits().size() + " Rosetta units with " + DjlEnvironment
				.describe());
		GeneratedImageEdit.Outcome outcome = GeneratedImageEdit.edit(generator,
			pairs, edit, arguments.number("amount",
				GeneratedImageEdit.DEFAULT_AMOUNT), arguments.integer("sample", 0),
			arguments.integer("second", 1), arguments.integer("class", 0), options,
			new StepProgress());
		Map<String, ImagePlus> originals = new LinkedHashMap<>();
		for (int i = 0; i < outcome.originals().size(); i++)
			originals.put(i == 0 ? "original.png" : "original-" + (i + 1) + ".png",
				new ImagePlus("original", outcome.originals().get(i).toRgb()));
		return finish(new InversionOutputs(generator.name() + " " + edit, outcome
			.result()), outcome.result(), out, originals);
	}

	private static int finish(InversionOutputs outputs,
		LatentOptimiser.Result result, Path out, Map<String, ImagePlus> extra)
	{
		for (Path written : outputs.save(out, extra))
			System.out.println("wrote " + written);
		Numbers.printf(System.out, "loss %.4f -> %.4f (activation %.4f -> %.4f)%n",
			result.first().loss(), result.last().loss(), result.first()
				.activationLoss(), result.last().activationLoss());
		return 0;
	}

	/** Progress on standard error every 50 steps and at the end. */
	private static final class StepProgress implements Progress {

		@Override
		public void report(long done, long total, String message) {
			if (done % 50 == 0 || done == total) System.err.println("[" + done + "/" +
				total + "] " + message);
		}

		@Override
		public boolean cancelled() {
			return false;
		}
	}
}
