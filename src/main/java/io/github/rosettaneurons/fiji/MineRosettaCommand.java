
package io.github.rosettaneurons.fiji;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.rosetta.BuddyRule;
import io.github.rosettaneurons.rosetta.MiningOptions;
import io.github.rosettaneurons.rosetta.MiningSetup;
import io.github.rosettaneurons.rosetta.RosettaMiner;
import io.github.rosettaneurons.rosetta.RosettaRun;

/**
 * Mine Rosetta Neurons: the anchor (a generator, or any model with a folder of
 * real images) against every other model; writes the dictionary, score tables
 * and pictures to the output folder and returns the dictionary table and the
 * picture of the top neurons. Menu entry from plugins.config via
 * {@link CommandBridge}.
 */
@Plugin(type = Command.class, headless = true, label = "Mine Rosetta Neurons")
public class MineRosettaCommand extends RosettaCommand {

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	@Parameter(
		label = "Anchor model package (a generator, or any model with a folder)",
		style = DialogField.MODEL_STYLE)
	private File anchor;

	@Parameter(label = "Models to match (comma-separated package folders)")
	private String models;

	@Parameter(label = "Folder of real images (empty: generator samples)",
		required = false, style = "directory")
	private File folder;

	@Parameter(label = "Samples of the generator (images)", min = "1")
	private int samples = MiningSetup.DEFAULT_SAMPLES;

	@Parameter(label = "Seed of the samples")
	private int seed = 0;

	@Parameter(label = "Category (generator class, -1 cycles)")
	private int category = MiningSetup.CYCLE_CLASSES;

	@Parameter(label = "Batch size (images per pass)", min = "1")
	private int batch = MiningOptions.defaults().batchSize();

	@Parameter(label = "Rule for best buddies", choices = { "strict_mutual",
		"relaxed_top_n", "mutual_top_k" })
	private String rule = MiningOptions.defaults().rule().name().toLowerCase(
		Locale.ROOT);

	/**
	 * Unlike the CLI (no minimum), the dialog ignores buddies that correlate
	 * negatively (docs/user-guide.md).
	 */
	@Parameter(label = "Minimum correlation (-1 to 1)")
	private double minimum = 0;

	@Parameter(label = "Examples to draw (neurons)", min = "0")
	private int examples = MiningSetup.DEFAULT_EXAMPLES;

	@Parameter(label = "Output folder (new or empty)", style = "directory")
	private File output;

	@Parameter(type = ItemIO.OUTPUT, label = RosettaRun.DICTIONARY_TITLE)
	private ResultsTable dictionary;

	@Parameter(type = ItemIO.OUTPUT, label = "Pictures")
	private ImagePlus pictures;

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String summary;

	@Override
	protected void execute() {
		MiningOptions options = MiningOptions.defaults().withBatchSize(batch)
			.withRule(BuddyRule.valueOf(rule.trim().toUpperCase(Locale.ROOT)))
			.withMinCorrelation(minimum);
		try (MiningSetup setup = MiningSetup.open(anchor.toPath(), MiningSetup
			.paths(models)))
		{
			RosettaMiner miner = setup.miner(folder == null ? null : folder.toPath(),
				seed, samples, category, options);
			if (log != null) log.info("Mine Rosetta Neurons: " + miner.images()
				.describe() + " with " + DjlEnvironment.describe());
			RosettaRun.Outputs outputs = RosettaRun.finish(miner, output.toPath(),
				null, null, examples, new CommandProgress(status, this));
			dictionary = outputs.table();
			pictures = outputs.montage();
			if (log != null) log.info(outputs.summary());
			summary = dictionary.size() + " rows written to " + output;
		}
		catch (IOException e) {
			throw new UncheckedIOException(output + ": " + e.getMessage(), e);
		}
	}

	public ResultsTable dictionary() {
		return dictionary;
	}

	public ImagePlus pictures() {
		return pictures;
	}
}
