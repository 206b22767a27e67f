package io.github.rosettaneurons.fiji;

import org.scijava.command.Command;
import org.scijava.command.CommandModule;

import java.util.List;
import java.util.Map;

/** Plugins>Rosetta Neurons>Show Rosetta Neuron (see plugins.config). */
public class ShowRosettaPlugIn extends CommandBridge {

	@Override
	protected String title() {
		return "Show Rosetta Neuron";
	}

	@Override
	protected Class<? extends Command> command() {
		return ShowRosettaCommand.class;
	}

	@Override
	protected List<Option> options() {
		return List.of(
			Option.of("dictionary", "Dictionary (dictionary.csv of a mining run)", Option.Kind.FILE, ""),
			Option.of("neuron", "Neuron (rank in the dictionary)", Option.Kind.NUMBER, "1"),
			Option.of("image", "Image", Option.Kind.IMAGE, ""),
			Option.of("models", "Models (comma-separated package folders)", Option.Kind.TEXT, ""),
			Option.of("opacity", "Opacity of the overlay (0-1)", Option.Kind.NUMBER, "0.5"),
			Option.lut());
	}

	@Override
	protected void publish(CommandModule finished, Map<String, Object> inputs) {
		display(((ShowRosettaCommand) finished.getCommand()).heatmaps());
	}
}
