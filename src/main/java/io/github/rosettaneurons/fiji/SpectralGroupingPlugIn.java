package io.github.rosettaneurons.fiji;

import io.github.rosettaneurons.spectral.SpectralSettings;
import ij.ImagePlus;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;

import java.util.List;
import java.util.Map;

/** Plugins>Rosetta Neurons>Spectral Grouping (see plugins.config). */
public class SpectralGroupingPlugIn extends CommandBridge {

	@Override
	protected String title() {
		return "Spectral Grouping";
	}

	@Override
	protected Class<? extends Command> command() {
		return SpectralGroupingCommand.class;
	}

	@Override
	protected List<Option> options() {
		SpectralSettings defaults = SpectralSettings.defaults();
		return List.of(
			Option.of("model", "Model package", Option.Kind.DIRECTORY, ""),
			Option.of("image", "Image", Option.Kind.IMAGE, ""),
			Option.of("folder", "Folder of images (instead of the image)", Option.Kind.DIRECTORY, ""),
			Option.choice("pathway", "Pathway (where = key-query, what = value of every block)", "layers", "layers", "where",
				"what"),
			Option.of("layers", "Layers (comma-separated, query|key pairs, empty for all)", Option.Kind.TEXT, ""),
			Option.choice("graph", "Graph", "knn", "knn", "cosine"),
			Option.of("eigenvectors", "Eigenvectors (channels K)", Option.Kind.NUMBER, "" + defaults.channels()),
			Option.of("steps", "Steps of gradient descent", Option.Kind.NUMBER, "" + defaults.steps()),
			Option.of("segments", "Segments (0 = choose by silhouette)", Option.Kind.NUMBER, "0"),
			Option.of("dataset", "Dataset mode (one grouping across all images)", Option.Kind.CHECKBOX, "false"),
			Option.of("seed", "Seed", Option.Kind.NUMBER, "0"),
			Option.of("opacity", "Opacity of the overlay (0-1)", Option.Kind.NUMBER, "0.5"),
			Option.of("output", "Output folder for TIFFs (optional)", Option.Kind.DIRECTORY, ""));
	}

	@Override
	protected void publish(CommandModule finished, Map<String, Object> inputs) {
		ImagePlus input = (ImagePlus) inputs.get("image");
		if (input != null && input.getOverlay() != null) input.updateAndDraw();
		for (ImagePlus result : ((SpectralGroupingCommand) finished.getCommand()).results()) display(result);
	}
}
