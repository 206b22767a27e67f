package io.github.rosettaneurons.fiji;

import io.github.rosettaneurons.rosetta.RosettaRun;
import ij.IJ;
import ij.ImagePlus;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;

import java.util.List;
import java.util.Map;

/** Plugins>Rosetta Neurons>Mine Rosetta Neurons (see plugins.config). */
public class MineRosettaPlugIn extends CommandBridge {

	@Override
	protected String title() {
		return "Mine Rosetta Neurons";
	}

	@Override
	protected Class<? extends Command> command() {
		return MineRosettaCommand.class;
	}

	@Override
	protected List<Option> options() {
		return List.of(
			Option.of("anchor", "Anchor model package (a generator, or any model with a folder)", Option.Kind.DIRECTORY, ""),
			Option.of("models", "Models to match (comma-separated package folders)", Option.Kind.TEXT, ""),
			Option.of("folder", "Folder of real images (empty: generator samples)", Option.Kind.DIRECTORY, ""),
			Option.of("samples", "Samples of the generator", Option.Kind.NUMBER, "256"),
			Option.of("seed", "Seed of the samples", Option.Kind.NUMBER, "0"),
			Option.of("category", "Category (generator class, -1 cycles)", Option.Kind.NUMBER, "-1"),
			Option.of("batch", "Batch size", Option.Kind.NUMBER, "8"),
			Option.choice("rule", "Rule for best buddies", "strict_mutual", "strict_mutual", "relaxed_top_n", "mutual_top_k"),
			Option.of("minimum", "Minimum correlation", Option.Kind.NUMBER, "0.0"),
			Option.of("examples", "Examples to draw", Option.Kind.NUMBER, "8"),
			Option.of("output", "Output folder (new or empty)", Option.Kind.DIRECTORY, ""));
	}

	@Override
	protected void publish(CommandModule finished, Map<String, Object> inputs) {
		MineRosettaCommand command = (MineRosettaCommand) finished.getCommand();
		command.dictionary().show(RosettaRun.DICTIONARY_TITLE);
		ImagePlus pictures = command.pictures();
		if (pictures != null) display(pictures);
		IJ.log("Mine Rosetta Neurons: " + command.dictionary().size() + " rows written to " + inputs.get("output"));
	}
}
