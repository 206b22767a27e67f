
package io.github.rosettaneurons.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.dissect.DissectOptions;
import io.github.rosettaneurons.dissect.DissectRun;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.ModelRole;
import io.github.rosettaneurons.engine.Network;

/**
 * dissect: Network Dissection of each image model over the concept set
 * ({@code --concepts}), in {@code out/dissect/<model>/} (a tally.csv per layer
 * and the report), the layout the Unit Browser reads labels from.
 */
final class DissectStep implements BatchStep {

	private final List<ModelPackage> packages;
	private final BrodenDataset concepts;
	private final DissectOptions options;
	private final BatchLayers layers;
	private final Path out;

	DissectStep(List<ModelPackage> packages, BrodenDataset concepts,
		DissectOptions options, BatchLayers layers, Path out)
	{
		this.packages = packages;
		this.concepts = concepts;
		this.options = options;
		this.layers = layers;
		this.out = out.resolve("dissect");
	}

	@Override
	public String name() {
		return "dissect";
	}

	@Override
	public List<BatchItem> items() {
		List<BatchItem> items = new ArrayList<>();
		for (ModelPackage modelPackage : packages) {
			if (modelPackage.manifest().role() == ModelRole.GENERATOR) continue;
			String chosen = layers.names(modelPackage);
			items.add(new BatchItem(name(), modelPackage.name(), out.resolve(
				modelPackage.name()), Map.of("layers", chosen, "quantile", String
					.valueOf(options.quantile()), "level", options.levelRule().name(),
					"union", options.union().name(), "iou", String.valueOf(options
						.iouThreshold()), "top", String.valueOf(options.topImages()),
					"concepts", concepts.folder().toAbsolutePath().normalize().toString(),
					"categories", String.join(",", concepts.categories())), folder -> {
						try (Network network = modelPackage.load()) {
							DissectRun.run(network, concepts, options.withLayers(chosen),
								folder, new RosettaCli.ConsoleProgress());
						}
					}));
		}
		return items;
	}

	@Override
	public void close() {}
}
