
package io.github.rosettaneurons.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.github.rosettaneurons.data.FolderSource;
import io.github.rosettaneurons.data.TiffOutput;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.Folders;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.rosetta.MiningSetup;

/**
 * {@code batch}: the chosen steps over a whole folder, resumable. Each item (an
 * image of a model, a mining run) is skipped when a previous run finished it,
 * written all-or-nothing otherwise; one failed item is logged and the batch
 * goes on. Finished results are only recomputed with {@code --redo}. Writes
 * batch.log (appended) and summary.csv (this run) into the output folder; exit
 * code 1 when any item failed. An item finished with other options than this
 * run's is not skipped but refused, naming {@code --redo}. {@code --part K/N}
 * shares the items among N jobs writing to the same folder (items never
 * collide: each has its own output); a lock ({@link BatchLock}) keeps runs that
 * would collide out of one folder.
 */
final class BatchJob {

	static final Set<String> KEYS = Set.of("input", "out", "models", "steps",
		"layers", "batch", "part", "rule", "top-n", "top-k", "min-correlation",
		"min-spatial-share", "std", "score", "precision", "examples", // mine
		"concepts", "categories", "quantile", "level", "union", "iou", "top", // dissect
		"words", "units", // describe
		"pathway", "graph", "eigenvectors", "spectral-steps", "segments", "seed",
		"learning-rate"); // spectral
	static final Set<String> FLAGS = Set.of("redo");
	static final List<String> STEPS = List.of("extract", "mine", "dissect",
		"spectral", "describe");

	private final Arguments arguments;

	BatchJob(Arguments arguments) {
		this.arguments = arguments;
	}

	int run() throws IOException {
		Path input = Paths.get(arguments.require("input"));
		Path out = Paths.get(arguments.require("out"));
		List<Path> models = MiningSetup.paths(arguments.require("models"));
		if (models.isEmpty()) throw new Arguments.UsageException(
			"--models needs at least one model package.");
		Set<String> steps = steps(arguments.get("steps", "extract,mine"));
		int[] part = part(arguments.get("part", "1/1"));
		List<ModelPackage> packages = models.stream().map(ModelPackage::open)
			.toList(); // a bad package fails first
		FolderSource images = new FolderSource(input);
		List<BatchStep> work = new ArrayList<>();
		try {
			List<List<BatchItem>> items = new ArrayList<>();
			for (String step : steps) { // every step checks its options and lists its
																	// items before anything is written
				work.add(step(step, packages, models, images, input, out));
				items.add(work.get(work.size() - 1).items());
			}
			Files.createDirectories(out);
			String summary = part[1] == 1 ? "summary.csv" : "summary-part-" +
				part[0] + "-of-" + part[1] + ".csv";
			try (BatchLock lock = BatchLock.acquire(out, part[0], part[1]);
					BatchLog log = new BatchLog(out, summary))
			{
				log.line("batch " + String.join(",", steps) + " on " + images
					.describe() + " with " + DjlEnvironment.describe() + (part[1] == 1
						? "" : ", part " + part[0] + " of " + part[1]));
				int index = 0;
				for (int s = 0; s < work.size(); s++) {
					for (BatchItem item : items.get(s))
						if (index++ % part[1] == part[0] - 1) run(item, log);
					work.get(s).close(); // releases the step's networks before the next
																// step
				}
				return log.finish();
			}
		}
		finally {
			for (BatchStep step : work)
				step.close();
		}
	}

	private void run(BatchItem item, BatchLog log) {
		long start = System.nanoTime();
		try {
			if (item.finished() && arguments.flag("redo")) Folders.deleteTree(item
				.output(), false);
			if (item.finished()) {
				Map<String, String> recorded = ItemRecord.read(item.output());
				String changes = recorded == null ? "" : ItemRecord.changes(recorded,
					item.options());
				if (changes.isEmpty()) log.item(item, "skipped", 0,
					"finished by an earlier run");
				else log.item(item, "failed", 0,
					"finished by an earlier run with other options (" + changes +
						"); run with --redo to recompute it");
				return;
			}
			Path partial = item.partial();
			Folders.deleteTree(partial, false); // left by a run that was killed
			Files.createDirectories(partial);
			try {
				item.work().writeInto(partial);
				ItemRecord.write(partial, item.options());
				Files.move(partial, item.output(), StandardCopyOption.ATOMIC_MOVE);
			}
			finally {
				Folders.deleteTree(partial, false);
			}
			log.item(item, "done", seconds(start), "");
		}
		catch (Exception e) {
			log.item(item, "failed", seconds(start), e.getMessage() == null ? e
				.toString() : e.getMessage());
		}
	}

	private BatchStep step(String step, List<ModelPackage> packages,
		List<Path> models, FolderSource images, Path input, Path out)
	{
		BatchLayers layers = new BatchLayers(arguments.get("layers", ""));
		switch (step) {
			case "extract":
				return new ExtractStep(packages, images, layers, out);
			case "mine":
				return new MineStep(models, input, MineJob.options(arguments), arguments
					.integer("examples", MiningSetup.DEFAULT_EXAMPLES), out);
			case "dissect":
				return new DissectStep(packages, DissectJob.concepts(arguments),
					DissectJob.options(arguments), layers, out);
			case "spectral":
				return new SpectralStep(packages, images, SpectralJob.settings(
					arguments, "spectral-steps"), SpectralJob.pathway(arguments), layers,
					out);
			case "describe":
				return new DescribeStep(packages, input, path("concepts"), path(
					"words"), arguments.get("units", ""), layers, out);
			default:
				throw new IllegalStateException(step);
		}
	}

	private Path path(String key) {
		String value = arguments.get(key, null);
		return value == null ? null : Paths.get(value);
	}

	/**
	 * "K/N": this job does items K, K+N, K+2N, ... (counting from 1) of the whole
	 * batch.
	 */
	private static int[] part(String text) {
		String[] numbers = text.split("/");
		try {
			int k = Integer.parseInt(numbers[0].trim()), n = Integer.parseInt(
				numbers[1].trim());
			if (numbers.length == 2 && n >= 1 && k >= 1 && k <= n) return new int[] {
				k, n };
		}
		catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
			// reported below
		}
		throw new Arguments.UsageException(
			"--part must be K/N with 1 <= K <= N (job K of N), not '" + text + "'.");
	}

	private static Set<String> steps(String list) {
		Set<String> steps = new LinkedHashSet<>();
		for (String step : list.split(",")) {
			String name = step.trim().toLowerCase(Locale.ROOT);
			if (name.isEmpty()) continue;
			if (!STEPS.contains(name)) throw new Arguments.UsageException(
				"Unknown step '" + step + "'; steps are " + String.join(", ", STEPS) +
					".");
			steps.add(name);
		}
		if (steps.isEmpty()) throw new Arguments.UsageException(
			"--steps names no step.");
		return steps;
	}

	/**
	 * A folder name for an image's results: its file name with anything unusual
	 * replaced.
	 */
	static String stem(Path image) {
		return TiffOutput.safeName(image.getFileName().toString());
	}

	private static double seconds(long start) {
		return (System.nanoTime() - start) / 1e9;
	}
}
