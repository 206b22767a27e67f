package io.github.rosettaneurons.fiji;

import ij.IJ;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;

import java.util.List;
import java.util.Map;

/** Plugins>Rosetta Neurons>Edit Generated Image (see plugins.config). */
public class EditImagePlugIn extends CommandBridge {

	@Override
	protected String title() {
		return "Edit Generated Image";
	}

	@Override
	protected Class<? extends Command> command() {
		return EditImageCommand.class;
	}

	@Override
	protected List<Option> options() {
		return List.of(
			Option.of("generator", "Generator package", Option.Kind.DIRECTORY, ""),
			Option.of("dictionary", "Dictionary (dictionary.csv mined with the generator as anchor)", Option.Kind.FILE, ""),
			Option.choice("edit", "Edit", "shift", "shift", "zoom", "copy_paste"),
			Option.of("amount", "Amount of the shift (fraction of the width, + right)", Option.Kind.NUMBER, "0.25"),
			Option.of("sample", "Sample seed of the image to edit", Option.Kind.NUMBER, "0"),
			Option.of("second", "Second sample seed (copy-paste: its right half)", Option.Kind.NUMBER, "1"),
			Option.of("category", "Category (class of the generator)", Option.Kind.NUMBER, "0"),
			Option.of("steps", "Steps (0: the edit's default)", Option.Kind.NUMBER, "0"),
			Option.of("rate", "Rate (0: the edit's default)", Option.Kind.NUMBER, "0.0"),
			Option.of("regulariser", "Regulariser weight (-1: the edit's default)", Option.Kind.NUMBER, "-1.0"),
			Option.of("seed", "Seed of the start latent (copy-paste)", Option.Kind.NUMBER, "0"),
			Option.of("every", "Every N steps a trajectory slice (0: start and result only)", Option.Kind.NUMBER, "0"));
	}

	@Override
	protected void publish(CommandModule finished, Map<String, Object> inputs) {
		EditImageCommand command = (EditImageCommand) finished.getCommand();
		InvertImagePlugIn.publish(command.losses(), command.original(), command.trajectory(), command.loss(),
			command.result());
		IJ.log(title() + ": loss " + command.losses().getValue("loss", 0) + " -> " +
			command.losses().getValue("loss", command.losses().size() - 1));
	}
}
