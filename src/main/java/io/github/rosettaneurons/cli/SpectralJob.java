
package io.github.rosettaneurons.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ij.ImagePlus;
import io.github.rosettaneurons.data.ImageSource;
import io.github.rosettaneurons.data.TiffOutput;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.spectral.DatasetGrouper;
import io.github.rosettaneurons.spectral.GraphLayer;
import io.github.rosettaneurons.spectral.ImageGrouping;
import io.github.rosettaneurons.spectral.Pathway;
import io.github.rosettaneurons.spectral.SpectralGrouper;
import io.github.rosettaneurons.spectral.SpectralPictures;
import io.github.rosettaneurons.spectral.SpectralSettings;

/**
 * {@code spectral}: spectral grouping of every image of a folder (or one
 * image), written as three TIFFs per image (eigenvectors, PCA colours, segment
 * labels), the segments labelled with k as a PNG, and a table of segments and
 * final losses.
 */
final class SpectralJob {

	static final Set<String> KEYS = Set.of("model", "input", "out", "pathway",
		"layers", "graph", "eigenvectors", "steps", "segments", "seed", "batch",
		"learning-rate");
	static final Set<String> FLAGS = Set.of("dataset");

	private final Arguments arguments;

	SpectralJob(Arguments arguments) {
		this.arguments = arguments;
	}

	/**
	 * The settings given on a command line; {@code stepsKey} names the gradient
	 * steps (the batch uses "--steps" otherwise).
	 */
	static SpectralSettings settings(Arguments arguments, String stepsKey) {
		SpectralSettings defaults = SpectralSettings.defaults();
		return new SpectralSettings(arguments.integer("eigenvectors", defaults
			.channels()), arguments.integer(stepsKey, defaults.steps()), arguments
				.number("learning-rate", defaults.learningRate()), defaults
					.eigenWeight(), defaults.orthoWeight(), SpectralSettings.Graph.parse(
						arguments.get("graph", defaults.graph().name())), defaults
							.intraNeighbours(), defaults.interNeighbours(), defaults
								.threshold(), arguments.integer("segments", defaults
									.segments()), defaults.maxSegments(), arguments.integer(
										"seed", (int) defaults.seed()));
	}

	static Pathway pathway(Arguments arguments) {
		return Pathway.parse(arguments.get("pathway", Pathway.LAYERS.label()));
	}

	int run() throws IOException {
		ModelPackage modelPackage = ModelPackage.open(Paths.get(arguments.require(
			"model")));
		ImageSource source = RosettaCli.source(Paths.get(arguments.require(
			"input")));
		Path out = Paths.get(arguments.require("out"));
		List<GraphLayer> layers = GraphLayer.of(modelPackage.manifest(), pathway(
			arguments), arguments.get("layers", ""));
		SpectralSettings settings = settings(arguments, "steps");
		System.out.println("spectral grouping: " + modelPackage.name() + " on " +
			source.describe() + " with " + DjlEnvironment.describe());
		List<ImageGrouping> groupings = new ArrayList<>();
		try (Network network = modelPackage.load()) {
			SpectralGrouper grouper = new SpectralGrouper(network, layers, settings);
			RosettaCli.ConsoleProgress progress = new RosettaCli.ConsoleProgress();
			if (arguments.flag("dataset")) groupings.addAll(new DatasetGrouper(
				grouper, arguments.integer("batch", 8)).group(source, progress));
			else for (int i = 0; i < source.size(); i++) {
				groupings.add(grouper.group(source.get(i), progress));
				System.out.println("grouped " + groupings.get(i).name());
			}
		}
		List<ImagePlus> pictures = new ArrayList<>();
		StringBuilder table = new StringBuilder("image,segments,loss\n");
		for (ImageGrouping grouping : groupings) {
			pictures.addAll(SpectralPictures.all(SpectralPictures.stem(grouping
				.name()) + "_", List.of(grouping)));
			table.append(grouping.name()).append(',').append(grouping.segments())
				.append(',').append(grouping.loss()).append('\n');
		}
		Path summary = out.resolve("spectral.csv");
		if (Files.exists(summary)) throw new IllegalArgumentException(summary +
			": exists already; nothing was written. " +
			"Choose an empty output folder.");
		for (Path written : TiffOutput.saveAll(out, pictures))
			System.out.println("wrote " + written);
		for (Path written : SpectralPictures.saveSegmentPictures(out, groupings))
			System.out.println("wrote " + written);
		Files.writeString(summary, table.toString());
		System.out.println("wrote " + summary);
		return 0;
	}
}
