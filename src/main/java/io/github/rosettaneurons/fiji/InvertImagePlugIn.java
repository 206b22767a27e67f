package io.github.rosettaneurons.fiji;

import io.github.rosettaneurons.invert.InversionOutputs;
import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;

import java.util.List;
import java.util.Map;

/** Plugins>Rosetta Neurons>Invert Image into Generator (see plugins.config). */
public class InvertImagePlugIn extends CommandBridge {

	@Override
	protected String title() {
		return "Invert Image into Generator";
	}

	@Override
	protected Class<? extends Command> command() {
		return InvertImageCommand.class;
	}

	@Override
	protected List<Option> options() {
		return List.of(
			Option.of("image", "Image", Option.Kind.IMAGE, ""),
			Option.of("generator", "Generator package", Option.Kind.DIRECTORY, ""),
			Option.of("model", "Model package that reads the image", Option.Kind.DIRECTORY, ""),
			Option.of("dictionary", "Dictionary (dictionary.csv mined with the generator as anchor)", Option.Kind.FILE, ""),
			Option.of("category", "Category (class of the generator)", Option.Kind.NUMBER, "0"),
			Option.of("steps", "Steps", Option.Kind.NUMBER, "1000"),
			Option.of("rate", "Rate (Adam learning rate)", Option.Kind.NUMBER, "0.01"),
			Option.of("pixel", "Pixel loss weight", Option.Kind.NUMBER, "0.0"),
			Option.of("regulariser", "Regulariser weight, mean of z squared", Option.Kind.NUMBER, "0.0"),
			Option.of("seed", "Seed of the start latent", Option.Kind.NUMBER, "0"),
			Option.of("every", "Every N steps a trajectory slice (0: start and result only)", Option.Kind.NUMBER, "0"));
	}

	@Override
	protected void publish(CommandModule finished, Map<String, Object> inputs) {
		InvertImageCommand command = (InvertImageCommand) finished.getCommand();
		publish(command.losses(), command.trajectory(), command.loss(), command.result());
		IJ.log(title() + ": loss " + command.losses().getValue("loss", 0) + " -> " +
			command.losses().getValue("loss", command.losses().size() - 1));
	}

	/** Shows the losses table and the images, the result last so that it is the current image. */
	static void publish(ResultsTable losses, ImagePlus... images) {
		losses.show(InversionOutputs.LOSS_TABLE_TITLE);
		for (ImagePlus image : images) display(image);
	}
}
