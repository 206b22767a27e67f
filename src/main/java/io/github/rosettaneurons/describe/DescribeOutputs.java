package io.github.rosettaneurons.describe;

import io.github.rosettaneurons.data.Heatmaps;
import io.github.rosettaneurons.data.TiffOutput;
import io.github.rosettaneurons.engine.Folders;
import io.github.rosettaneurons.engine.Progress;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A whole Describe Neurons run and what it produces, shared by the Fiji command and the command line: one
 * ResultsTable row per unit (unit, description, score, labels 2 and 3, candidates, backend) and one panel slice per
 * unit; optionally saved as descriptions.csv and panels.tif into a new or empty folder (removed again on failure or
 * cancel, so no partial output is left).
 */
public final class DescribeOutputs {

	public static final String TABLE_TITLE = "Neuron descriptions";

	public record Outputs(ResultsTable table, ImagePlus panels) {}

	private DescribeOutputs() {}

	public static Outputs run(DescribeSetup setup, DescribeOptions options, String title, Path output, Progress progress)
		throws IOException
	{
		boolean created = output != null && Folders.createEmpty(output);
		try {
			ResultsTable table = new ResultsTable();
			ImageStack panels = new ImageStack(DescribePanels.TILE * options.topImages(), 2 * DescribePanels.TILE);
			setup.describer().describe(setup.units(), progress, description -> {
				table.incrementCounter();
				table.addValue("unit", description.unit());
				table.addValue("description", description.description());
				table.addValue("score", description.score());
				List<ConceptScores.Scored> labels = description.labels();
				for (int i = 1; i < options.labels(); i++) {
					table.addValue("label " + (i + 1), i < labels.size() ? labels.get(i).concept() : "");
					table.addValue("score " + (i + 1), i < labels.size() ? labels.get(i).score() : Double.NaN);
				}
				table.addValue("candidates", String.join("; ", description.candidates()));
				table.addValue("backend", description.backend());
				panels.addSlice("unit " + description.unit() + ": " + description.description(), DescribePanels.panel(
					description, options.topImages(), options.canvas(), Heatmaps.lut(Heatmaps.DEFAULT_LUT)));
			});
			ImagePlus picture = new ImagePlus(title, panels);
			if (output != null) {
				table.save(output.resolve("descriptions.csv").toString());
				TiffOutput.saveAll(output, List.of(picture));
			}
			return new Outputs(table, picture);
		}
		catch (RuntimeException e) {
			if (output != null) Folders.deleteTree(output, !created);
			throw e;
		}
	}
}
