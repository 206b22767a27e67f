
package io.github.rosettaneurons.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Set;

import ij.measure.ResultsTable;
import io.github.rosettaneurons.describe.DescribeOptions;
import io.github.rosettaneurons.describe.DescribeOutputs;
import io.github.rosettaneurons.describe.DescribeSetup;
import io.github.rosettaneurons.describe.HeatmapScaling;
import io.github.rosettaneurons.describe.Pooling;
import io.github.rosettaneurons.describe.Scoring;
import io.github.rosettaneurons.engine.DjlEnvironment;

/**
 * {@code describe}: Describe-and-Dissect over one layer; prints one line per
 * unit and writes the table and panels.
 */
final class DescribeJob {

	static final Set<String> KEYS = Set.of("model", "layer", "units", "images",
		"concepts", "captioner", "encoder", "words", "generator", "top", "crops",
		"pooling", "heatmap", "scoring", "batch", "seed", "out");

	private final Arguments arguments;

	DescribeJob(Arguments arguments) {
		this.arguments = arguments;
	}

	int run() throws IOException {
		DescribeOptions defaults = DescribeOptions.defaults();
		DescribeOptions options = defaults.withTopImages(arguments.integer("top",
			defaults.topImages())).withCrops(arguments.integer("crops", defaults
				.cropsPerImage())).withPooling(Pooling.parse(arguments.get("pooling",
					defaults.pooling().name()))).withScaling(HeatmapScaling.parse(
						arguments.get("heatmap", defaults.scaling().name()))).withScoring(
							Scoring.parse(arguments.get("scoring", defaults.scoring()
								.name())));
		Path model = Paths.get(arguments.require("model"));
		Path out = Paths.get(arguments.require("out"));
		DescribeSetup.Request request = new DescribeSetup.Request(model, arguments
			.get("layer", ""), arguments.get("units", ""), path("images"), path(
				"concepts"), path("captioner"), path("encoder"), path("words"), path(
					"generator"), options, arguments.integer("batch",
						DescribeSetup.DEFAULT_BATCH), arguments.integer("seed", 0));
		RosettaCli.ConsoleProgress progress = new RosettaCli.ConsoleProgress();
		try (DescribeSetup setup = DescribeSetup.open(request, progress)) {
			System.out.println(setup.summary() + " with " + DjlEnvironment
				.describe());
			String title = ("Describe " + model.getFileName() + " " + arguments.get(
				"layer", "")).trim();
			ResultsTable table = DescribeOutputs.run(setup, options, title, out,
				progress).table();
			for (int row = 0; row < table.size(); row++)
				System.out.printf(Locale.ROOT, "unit %d: %s (%.3f)%n", (int) table
					.getValue("unit", row), table.getStringValue("description", row),
					table.getValue("score", row));
			System.out.println("wrote " + out.resolve("descriptions.csv") +
				" and the panels TIFF");
		}
		return 0;
	}

	private Path path(String key) {
		String value = arguments.get(key, null);
		return value == null ? null : Paths.get(value);
	}
}
