package io.github.rosettaneurons.fiji;

import io.github.rosettaneurons.describe.DescribeOutputs;
import ij.IJ;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;

import java.util.List;
import java.util.Map;

/** Plugins>Rosetta Neurons>Describe Neurons (see plugins.config). */
public class DescribeNeuronsPlugIn extends CommandBridge {

	@Override
	protected String title() {
		return "Describe Neurons";
	}

	@Override
	protected Class<? extends Command> command() {
		return DescribeNeuronsCommand.class;
	}

	@Override
	protected List<Option> options() {
		return List.of(
			Option.of("model", "Model package", Option.Kind.DIRECTORY, ""),
			Option.of("layer", "Layer (empty: the last)", Option.Kind.TEXT, ""),
			Option.of("units", "Units (e.g. 0-9,12; empty: all)", Option.Kind.TEXT, ""),
			Option.of("folder", "Folder of probing images (empty: the concept set's)", Option.Kind.DIRECTORY, ""),
			Option.of("concepts", "Concepts set folder (Broden format)", Option.Kind.DIRECTORY, ""),
			Option.of("captioner", "Captioner package (optional)", Option.Kind.DIRECTORY, ""),
			Option.of("encoder", "Encoder package (image-text, optional)", Option.Kind.DIRECTORY, ""),
			Option.of("words", "Words file (one per line, optional)", Option.Kind.FILE, ""),
			Option.of("generator", "Generator package for concept images (optional)", Option.Kind.DIRECTORY, ""),
			Option.of("images", "Images per unit (top K)", Option.Kind.NUMBER, "10"),
			Option.of("crops", "Crops per image", Option.Kind.NUMBER, "4"),
			Option.choice("pooling", "Pooling", "mean", "mean", "max", "cls"),
			Option.choice("heatmap", "Heatmap scaling", "min_max", "min_max", "clamped"),
			Option.choice("scoring", "Scoring", "topk_compare", "topk_compare", "topk_sq_mean", "mean", "sq_mean", "median"),
			Option.of("batch", "Batch size", Option.Kind.NUMBER, "16"),
			Option.of("output", "Output folder (optional, new or empty)", Option.Kind.DIRECTORY, ""));
	}

	@Override
	protected void publish(CommandModule finished, Map<String, Object> inputs) {
		DescribeNeuronsCommand command = (DescribeNeuronsCommand) finished.getCommand();
		command.descriptions().show(DescribeOutputs.TABLE_TITLE);
		display(command.panels());
		IJ.log("Describe Neurons: " + command.descriptions().size() + " units described" +
			(inputs.get("output") != null ? "; saved to " + inputs.get("output") : ""));
	}
}
