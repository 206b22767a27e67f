
package io.github.rosettaneurons.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ai.djl.ndarray.types.DataType;
import io.github.rosettaneurons.data.Numbers;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.rosetta.BuddyRule;
import io.github.rosettaneurons.rosetta.MiningOptions;
import io.github.rosettaneurons.rosetta.MiningSetup;
import io.github.rosettaneurons.rosetta.MiningShard;
import io.github.rosettaneurons.rosetta.RosettaMiner;
import io.github.rosettaneurons.rosetta.RosettaRun;
import io.github.rosettaneurons.rosetta.ScoreAccumulators;
import io.github.rosettaneurons.rosetta.ScoreVariant;
import io.github.rosettaneurons.rosetta.StdVariant;
import io.github.rosettaneurons.rosetta.UnitStatistics;

/**
 * {@code mine}: Rosetta Neurons over a zoo, in one go or as shards
 * ({@code --stage stats|scores --range a:b}). See docs/rosetta.md.
 */
final class MineJob {

	static final Set<String> KEYS = Set.of("anchor", "models", "images",
		"samples", "seed", "class", "out", "batch", "rule", "top-n", "top-k",
		"min-correlation", "min-spatial-share", "std", "score", "precision",
		"examples", "stage", "range", "stats", "scores", "shard");

	private final Arguments arguments;

	MineJob(Arguments arguments) {
		this.arguments = arguments;
	}

	static MiningOptions options(Arguments arguments) {
		MiningOptions defaults = MiningOptions.defaults();
		return new MiningOptions(arguments.integer("batch", defaults.batchSize()),
			StdVariant.valueOf(choice(arguments.get("std", defaults.stdVariant()
				.name()), "global", "batch_averaged")), ScoreVariant.valueOf(choice(
					arguments.get("score", defaults.scoreVariant().name()),
					"global_cosine", "batch_mean_cosine")), choice(arguments.get(
						"precision", defaults.gemmType().name()), "float32", "float64")
						.equals("FLOAT32") ? DataType.FLOAT32 : DataType.FLOAT64, BuddyRule
							.valueOf(choice(arguments.get("rule", defaults.rule().name()),
								"strict_mutual", "relaxed_top_n", "mutual_top_k")), arguments
									.integer("top-n", defaults.topN()), arguments.integer("top-k",
										defaults.topK()), arguments.number("min-correlation",
											defaults.minCorrelation()), arguments.number(
												"min-spatial-share", defaults.minSpatialShare()));
	}

	private static String choice(String value, String... allowed) {
		String normal = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
		if (!Arrays.asList(allowed).contains(normal))
			throw new Arguments.UsageException("'" + value + "' is not one of " +
				String.join(", ", allowed) + ".");
		return normal.toUpperCase(Locale.ROOT);
	}

	int run() throws Exception {
		MiningOptions options = options(arguments);
		String folder = arguments.get("images", null);
		try (MiningSetup setup = MiningSetup.open(Paths.get(arguments.require(
			"anchor")), MiningSetup.paths(arguments.require("models"))))
		{
			RosettaMiner miner = setup.miner(folder == null ? null : Paths.get(
				folder), arguments.integer("seed", 0), arguments.integer("samples",
					MiningSetup.DEFAULT_SAMPLES), arguments.integer("class",
						MiningSetup.CYCLE_CLASSES), options);
			System.out.println("Mining " + miner.anchor().name() + " against " + miner
				.others().size() + " models on " + miner.images().describe() +
				" with " + DjlEnvironment.describe());
			return stage(miner);
		}
	}

	private int stage(RosettaMiner miner) throws Exception {
		String stage = arguments.get("stage", "all");
		int[] range = range(miner.images().size());
		RosettaCli.ConsoleProgress progress = new RosettaCli.ConsoleProgress();
		switch (stage) {
			case "stats": {
				Path shard = Paths.get(arguments.require("shard"));
				UnitStatistics stats = miner.statistics(range[0], range[1], progress);
				MiningShard.saveStatistics(shard, miner.fingerprint(), List.of(range),
					stats);
				System.out.println("wrote statistics shard " + shard + " (images " +
					range[0] + ".." + (range[1] - 1) + ")");
				return 0;
			}
			case "scores": {
				Path statsFile = Paths.get(arguments.require("stats"));
				Path shard = Paths.get(arguments.require("shard"));
				UnitStatistics stats = MiningShard.loadStatistics(statsFile, miner
					.fingerprint());
				try (ScoreAccumulators scores = miner.scores(stats, range[0], range[1],
					progress))
				{
					MiningShard.saveScores(shard, miner.fingerprint(), MiningShard.digest(
						statsFile), List.of(range), scores);
				}
				System.out.println("wrote score shard " + shard + " (images " +
					range[0] + ".." + (range[1] - 1) + ")");
				return 0;
			}
			case "all": {
				Path out = Paths.get(arguments.require("out"));
				RosettaRun.Outputs outputs = RosettaRun.finish(miner, out, arguments
					.get("stats", null), arguments.get("scores", null), arguments.integer(
						"examples", MiningSetup.DEFAULT_EXAMPLES), progress);
				System.out.println(outputs.summary());
				double peak = RosettaBenchmark.peakResidentMb();
				if (!Double.isNaN(peak)) Numbers.printf(System.out,
					"peak resident memory: %.0f MB%n", peak);
				return 0;
			}
			default:
				throw new Arguments.UsageException(
					"--stage must be stats, scores or all, not '" + stage + "'.");
		}
	}

	private int[] range(int size) {
		String text = arguments.get("range", "0:" + size);
		String[] parts = text.split(":");
		try {
			int first = Integer.parseInt(parts[0]);
			int end = Integer.parseInt(parts[1]);
			if (parts.length != 2 || first < 0 || end > size || first >= end)
				throw new NumberFormatException();
			return new int[] { first, end };
		}
		catch (RuntimeException e) {
			throw new Arguments.UsageException("--range must be FIRST:END within 0:" +
				size + ", not '" + text + "'.");
		}
	}
}
