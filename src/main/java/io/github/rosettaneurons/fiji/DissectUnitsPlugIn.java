package io.github.rosettaneurons.fiji;

import io.github.rosettaneurons.dissect.LayerResult;
import ij.IJ;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;

import java.util.List;
import java.util.Map;

/** Plugins>Rosetta Neurons>Dissect Units (see plugins.config). */
public class DissectUnitsPlugIn extends CommandBridge {

	@Override
	protected String title() {
		return "Dissect Units";
	}

	@Override
	protected Class<? extends Command> command() {
		return DissectUnitsCommand.class;
	}

	@Override
	protected List<Option> options() {
		return List.of(
			Option.of("model", "Model package", Option.Kind.DIRECTORY, ""),
			Option.of("concepts", "Concepts folder (Broden format)", Option.Kind.DIRECTORY, ""),
			Option.of("layers", "Layers (comma-separated; empty for all)", Option.Kind.TEXT, ""),
			Option.of("quantile", "Quantile (top fraction of activations)", Option.Kind.NUMBER, "0.005"),
			Option.choice("level", "Level of the threshold", "reference", "reference", "exact"),
			Option.choice("union", "Union of unlabelled images", "lite", "lite", "original"),
			Option.of("categories", "Categories (comma-separated; empty for all)", Option.Kind.TEXT, ""),
			Option.of("iou", "IoU threshold", Option.Kind.NUMBER, "0.04"),
			Option.of("top", "Top images per unit", Option.Kind.NUMBER, "10"),
			Option.of("batch", "Batch size", Option.Kind.NUMBER, "8"),
			Option.of("output", "Output folder (new or empty)", Option.Kind.DIRECTORY, ""));
	}

	@Override
	protected void publish(CommandModule finished, Map<String, Object> inputs) {
		DissectUnitsCommand command = (DissectUnitsCommand) finished.getCommand();
		command.table().show(DissectUnitsCommand.TABLE_TITLE);
		for (LayerResult layer : command.outputs().layers()) IJ.log("Dissect Units: " + layer.summary());
		IJ.log("Dissect Units: report in " + command.outputs().folder().resolve("report.html"));
	}
}
