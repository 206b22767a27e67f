
package io.github.rosettaneurons.rosetta;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;
import io.github.rosettaneurons.data.Heatmaps;
import io.github.rosettaneurons.data.TiffOutput;
import io.github.rosettaneurons.engine.Folders;
import io.github.rosettaneurons.engine.Progress;

/**
 * A whole mining run and its files, shared by the command line and the Fiji
 * command: statistics and score sums (reusable, mergeable; copied in when the
 * run reuses merged ones), one 32-bit score table image per model with its unit
 * index, the dictionary (CSV and ResultsTable), each pair's buddies when more
 * than two models are mined, and pictures of the top neurons. The output folder
 * must be new or empty; nothing is overwritten.
 */
public final class RosettaRun {

	public static final String DICTIONARY_TITLE = "Rosetta dictionary";

	/** What a run produced. */
	public record Outputs(RosettaDictionary dictionary, ResultsTable table, ImagePlus montage, Path folder) {
		public String summary() {
			return dictionary.size() + " Rosetta neurons shared by all models; results in " + folder.toAbsolutePath();
		}
	}

	private RosettaRun() {}

	/**
	 * Runs what is missing (statistics, scores: each is computed unless a merged
	 * shard file is given) and writes every output into {@code out}.
	 */
	public static Outputs finish(RosettaMiner miner, Path out, String statsFile,
		String scoresFile, int examples, Progress progress) throws IOException
	{
		boolean created = Folders.createEmpty(out);
		try {
			return write(miner, out, statsFile, scoresFile, examples, progress);
		}
		catch (IOException | RuntimeException e) {
			Folders.deleteTree(out, !created); // a cancelled or failed run leaves
																					// nothing behind
			throw e;
		}
	}

	private static Outputs write(RosettaMiner miner, Path out, String statsFile,
		String scoresFile, int examples, Progress progress) throws IOException
	{
		int size = miner.images().size();
		// with neither sum given, one pass over the images gives both (two for the
		// batch-mean cosine)
		RosettaMiner.Pass pass = statsFile == null && scoresFile == null ? miner
			.sums(0, size, progress) : null;
		UnitStatistics stats;
		String digest;
		try {
			if (statsFile != null) {
				stats = MiningShard.loadStatistics(Paths.get(statsFile), miner
					.fingerprint());
				digest = MiningShard.digest(Paths.get(statsFile));
				Files.copy(Paths.get(statsFile), out.resolve("statistics.bin")); // a
																																					// merged
																																					// run
																																					// is
																																					// as
																																					// complete
																																					// as
																																					// one
																																					// run
			}
			else {
				stats = pass != null ? pass.statistics() : miner.statistics(0, size,
					progress);
				Path saved = out.resolve("statistics.bin");
				MiningShard.saveStatistics(saved, miner.fingerprint(), List.of(
					new int[] { 0, size }), stats);
				digest = MiningShard.digest(saved);
			}
		}
		catch (IOException | RuntimeException e) {
			if (pass != null) pass.close();
			throw e;
		}
		MiningResult result;
		try (ScoreAccumulators scores = pass != null ? pass.scores()
			: scoresFile != null ? MiningShard.loadScores(Paths.get(scoresFile), miner
				.fingerprint(), digest) : miner.scores(stats, 0, size, progress))
		{
			if (scoresFile == null) MiningShard.saveScores(out.resolve("scores.bin"),
				miner.fingerprint(), digest, List.of(new int[] { 0, size }), scores);
			else Files.copy(Paths.get(scoresFile), out.resolve("scores.bin"));
			result = miner.result(stats, scores);
		}
		for (ScoreTable table : result.tables())
			saveTable(out, table);
		result.dictionary().writeCsv(out.resolve("dictionary.csv"));
		for (int i = 0; i < result.pairs().size(); i++)
			result.pairs().get(i).writeCsv(out.resolve(TiffOutput.safeName(
				"buddies-" + result.tables().get(i).other()) + ".csv"));
		ImagePlus montage = null;
		if (examples > 0 && result.dictionary().size() > 0) {
			List<RosettaExamples.Example> found = RosettaExamples.find(miner, stats,
				result.dictionary(), examples, pass == null ? null : pass.candidates(),
				progress);
			montage = RosettaPictures.montage(found, Heatmaps.lut(
				Heatmaps.DEFAULT_LUT), 0.5);
			new FileSaver(montage).saveAsPng(out.resolve("rosetta-neurons.png")
				.toString());
		}
		return new Outputs(result.dictionary(), resultsTable(result.dictionary()),
			montage, out);
	}

	/** The dictionary as an ImageJ results table with the CSV's columns. */
	public static ResultsTable resultsTable(RosettaDictionary dictionary) {
		ResultsTable table = new ResultsTable();
		for (String[] row : dictionary.rows()) {
			table.incrementCounter();
			table.addValue("rosetta_id", row[0]);
			table.addValue("model", row[1]);
			table.addValue("layer", row[2]);
			table.addValue("unit", Integer.parseInt(row[3]));
			table.addValue("correlation", Double.parseDouble(row[4]));
			table.addValue("rank", Integer.parseInt(row[5]));
		}
		return table;
	}

	/**
	 * The table as a 32-bit image (anchor units down, other units across) with
	 * the index of its rows and columns.
	 */
	private static void saveTable(Path out, ScoreTable table) throws IOException {
		float[] pixels = new float[table.scores().length];
		for (int i = 0; i < pixels.length; i++)
			pixels[i] = (float) table.scores()[i];
		ImagePlus image = new ImagePlus("scores " + table.anchor() + " x " + table
			.other(), new FloatProcessor(table.columns().size(), table.rows().size(),
				pixels));
		String name = TiffOutput.fileName("table-" + table.other());
		new FileSaver(image).saveAsTiff(out.resolve(name).toString());
		MiningOutputs.writeUnitIndex(out.resolve("units-" + table.anchor() +
			".csv"), table.rows());
		MiningOutputs.writeUnitIndex(out.resolve("units-" + table.other() + ".csv"),
			table.columns());
	}

}
