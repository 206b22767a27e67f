
package io.github.rosettaneurons.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.rosettaneurons.describe.DescribeOptions;
import io.github.rosettaneurons.describe.DescribeOutputs;
import io.github.rosettaneurons.describe.DescribeSetup;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.ModelRole;

/**
 * describe: Describe-and-Dissect of every unit of each image model's chosen
 * layers (by default its last layer), in {@code out/describe/<model>/<layer>/}.
 * The concept set ({@code --concepts}) gives the concept images. With a word
 * list ({@code --words}) the folder's images are the probing set and the words
 * the candidates; without one the concept set is probed and its masks give the
 * candidates (dissection-style).
 */
final class DescribeStep implements BatchStep {

	private final List<ModelPackage> packages;
	private final Path images;
	private final Path concepts;
	private final Path words;
	private final String units;
	private final BatchLayers layers;
	private final Path out;

	DescribeStep(List<ModelPackage> packages, Path images, Path concepts,
		Path words, String units, BatchLayers layers, Path out)
	{
		if (concepts == null) throw new Arguments.UsageException(
			"The describe step needs --concepts (its images " +
				"illustrate the candidate concepts).");
		this.packages = packages;
		this.images = images;
		this.concepts = concepts;
		this.words = words;
		this.units = units;
		this.layers = layers;
		this.out = out.resolve("describe");
	}

	@Override
	public String name() {
		return "describe";
	}

	@Override
	public List<BatchItem> items() {
		List<BatchItem> items = new ArrayList<>();
		for (ModelPackage modelPackage : packages) {
			if (modelPackage.manifest().role() == ModelRole.GENERATOR) continue;
			List<LayerSpec> all = modelPackage.manifest().layers();
			for (LayerSpec layer : layers.of(modelPackage, List.of(all.get(all
				.size() - 1))))
			{
				items.add(new BatchItem(name(), modelPackage.name() + "/" + layer
					.name(), out.resolve(modelPackage.name()).resolve(BatchJob.stem(Path
						.of(layer.name()))), Map.of("units", units, "concepts", absolute(
							concepts), "words", words == null ? "" : absolute(words)),
					folder -> describe(modelPackage, layer, folder)));
			}
		}
		return items;
	}

	private static String absolute(Path file) {
		return file.toAbsolutePath().normalize().toString();
	}

	private void describe(ModelPackage modelPackage, LayerSpec layer, Path folder)
		throws Exception
	{
		DescribeOptions options = DescribeOptions.defaults();
		RosettaCli.ConsoleProgress progress = new RosettaCli.ConsoleProgress();
		DescribeSetup.Request request = new DescribeSetup.Request(modelPackage
			.folder(), layer.name(), units, words != null ? images : null, concepts,
			null, null, words, null, options, 16, 0);
		try (DescribeSetup setup = DescribeSetup.open(request, progress)) {
			DescribeOutputs.run(setup, options, "Describe " + modelPackage.name() +
				" " + layer.name(), folder, progress);
		}
	}

	@Override
	public void close() {}
}
