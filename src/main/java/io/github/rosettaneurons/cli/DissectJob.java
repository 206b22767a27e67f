
package io.github.rosettaneurons.cli;

import java.io.IOException;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.dissect.DissectOptions;
import io.github.rosettaneurons.dissect.DissectRun;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;

/**
 * {@code dissect}: Network Dissection of a model's layers over a Broden-format
 * concept set.
 */
final class DissectJob {

	static final Set<String> KEYS = Set.of("model", "concepts", "out", "layers",
		"quantile", "level", "union", "categories", "iou", "top", "batch");

	private DissectJob() {}

	static int run(Arguments arguments) throws IOException {
		DissectOptions options = options(arguments);
		ModelPackage modelPackage = ModelPackage.open(Paths.get(arguments.require(
			"model")));
		BrodenDataset concepts = concepts(arguments);
		System.out.println(modelPackage.name() + " on " + concepts.images()
			.describe() + " with " + DjlEnvironment.describe());
		try (Network network = modelPackage.load()) {
			DissectRun.Outputs outputs = DissectRun.run(network, concepts, options,
				Paths.get(arguments.require("out")), new RosettaCli.ConsoleProgress());
			System.out.println(outputs.summary());
		}
		return 0;
	}

	/**
	 * The concept set of {@code --concepts}, restricted to {@code --categories}
	 * when given.
	 */
	static BrodenDataset concepts(Arguments arguments) {
		return BrodenDataset.open(Paths.get(arguments.require("concepts")), Arrays
			.stream(arguments.get("categories", "").split(",")).map(String::trim)
			.filter(c -> !c.isEmpty()).toList());
	}

	static DissectOptions options(Arguments arguments) {
		DissectOptions defaults = DissectOptions.defaults();
		return defaults.withLayers(arguments.get("layers", "")).withQuantile(
			arguments.number("quantile", defaults.quantile()), choice(arguments,
				"level", DissectOptions.LevelRule.class, defaults.levelRule()))
			.withUnion(choice(arguments, "union", DissectOptions.UnionMode.class,
				defaults.union())).withIouThreshold(arguments.number("iou", defaults
					.iouThreshold())).withTopImages(arguments.integer("top", defaults
						.topImages())).withBatchSize(arguments.integer("batch", defaults
							.batchSize()));
	}

	private static <E extends Enum<E>> E choice(Arguments arguments, String key,
		Class<E> type, E fallback)
	{
		String value = arguments.get(key, fallback.name()).trim().toUpperCase(
			Locale.ROOT);
		try {
			return Enum.valueOf(type, value);
		}
		catch (IllegalArgumentException e) {
			throw new Arguments.UsageException("--" + key + " must be one of " +
				Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) +
				", not '" + arguments.get(key, "") + "'.");
		}
	}
}
