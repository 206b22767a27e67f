
package io.github.rosettaneurons.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.rosettaneurons.rosetta.MiningOptions;
import io.github.rosettaneurons.rosetta.MiningSetup;
import io.github.rosettaneurons.rosetta.RosettaRun;

/**
 * mine: Rosetta Neurons of the first model (the anchor) against the others over
 * the folder, in {@code out/mine/}.
 */
final class MineStep implements BatchStep {

	private final List<Path> models;
	private final Path images;
	private final MiningOptions options;
	private final int examples;
	private final Path out;

	MineStep(List<Path> models, Path images, MiningOptions options, int examples,
		Path out)
	{
		if (models.size() < 2) throw new Arguments.UsageException(
			"The mine step needs at least two models (the first " +
				"is the anchor).");
		this.models = models;
		this.images = images;
		this.options = options;
		this.examples = examples;
		this.out = out.resolve("mine");
	}

	@Override
	public String name() {
		return "mine";
	}

	@Override
	public List<BatchItem> items() {
		return List.of(new BatchItem(name(), "rosetta", out, Map.of("models", models
			.stream().map(model -> model.toAbsolutePath().normalize().toString())
			.collect(Collectors.joining(",")), "rule", options.rule().name(), "top-n",
			String.valueOf(options.topN()), "top-k", String.valueOf(options.topK()),
			"min-correlation", String.valueOf(options.minCorrelation()),
			"min-spatial-share", String.valueOf(options.minSpatialShare()), "std",
			options.stdVariant().name(), "score", options.scoreVariant().name(),
			"precision", options.gemmType().name(), "examples", String.valueOf(
				examples)), this::mine));
	}

	private void mine(Path folder) throws Exception {
		try (MiningSetup setup = MiningSetup.open(models.get(0), models.subList(1,
			models.size())))
		{
			RosettaRun.finish(setup.miner(images, 0, 0, -1, options), folder, null,
				null, examples, new RosettaCli.ConsoleProgress());
		}
	}

	@Override
	public void close() {}
}
