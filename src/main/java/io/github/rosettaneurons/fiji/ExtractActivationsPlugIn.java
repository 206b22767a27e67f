package io.github.rosettaneurons.fiji;

import ij.IJ;
import ij.ImagePlus;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;

import java.util.List;
import java.util.Map;

/** Plugins>Rosetta Neurons>Extract Activations (see plugins.config). */
public class ExtractActivationsPlugIn extends CommandBridge {

	@Override
	protected String title() {
		return "Extract Activations";
	}

	@Override
	protected Class<? extends Command> command() {
		return ExtractActivationsCommand.class;
	}

	@Override
	protected List<Option> options() {
		return List.of(
			Option.of("model", "Model package", Option.Kind.DIRECTORY, ""),
			Option.of("image", "Image", Option.Kind.IMAGE, ""),
			Option.of("folder", "Folder of images (instead of the image)", Option.Kind.DIRECTORY, ""),
			Option.of("layers", "Layers (comma-separated, empty for all)", Option.Kind.TEXT, ""),
			Option.of("batch", "Batch size", Option.Kind.NUMBER, "8"),
			Option.of("unit", "Unit for heatmap overlay (-1 for none)", Option.Kind.NUMBER, "-1"),
			Option.of("opacity", "Opacity of the overlay (0-1)", Option.Kind.NUMBER, "0.5"),
			Option.lut(),
			Option.of("output", "Output folder for TIFFs (optional)", Option.Kind.DIRECTORY, ""));
	}

	@Override
	protected void publish(CommandModule finished, Map<String, Object> inputs) {
		ImagePlus input = (ImagePlus) inputs.get("image");
		if (input != null && input.getOverlay() != null) input.updateAndDraw();
		ExtractActivationsCommand command = (ExtractActivationsCommand) finished.getCommand();
		command.note().ifPresent(note -> IJ.log(title() + ": " + note));
		for (ImagePlus stack : command.stacks()) display(stack);
	}
}
