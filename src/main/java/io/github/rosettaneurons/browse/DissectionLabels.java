
package io.github.rosettaneurons.browse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import io.github.rosettaneurons.data.CsvTable;
import io.github.rosettaneurons.dissect.DissectReport;
import io.github.rosettaneurons.rosetta.UnitRef;

/**
 * Network Dissection's label of each unit, read from dissection results laid
 * out as the batch writes them: {@code <folder>/<model>/<layer>/tally.csv}
 * (layer folder names as the dissection writes them).
 */
public final class DissectionLabels {

	public static final DissectionLabels NONE = new DissectionLabels(Map.of());

	private final Map<UnitRef, String> labels;

	private DissectionLabels(Map<UnitRef, String> labels) {
		this.labels = labels;
	}

	/**
	 * Every tally.csv two levels below {@code folder}; a bad row is an error
	 * naming its file and line.
	 */
	public static DissectionLabels read(Path folder) {
		if (!Files.isDirectory(folder)) throw new IllegalArgumentException(folder +
			": is not a folder of dissection " +
			"results (expected <model>/<layer>/tally.csv inside, as the batch's dissect/ folder).");
		Map<UnitRef, String> labels = new HashMap<>();
		List<String> problems = new ArrayList<>();
		List<Path> tallies;
		try (Stream<Path> files = Files.find(folder, 3, (path, attributes) -> path
			.getFileName().toString().equals("tally.csv") && folder.relativize(path)
				.getNameCount() == 3))
		{
			tallies = files.sorted().toList();
		}
		catch (IOException e) {
			throw new UncheckedIOException(folder + ": cannot be read (" + e
				.getMessage() + ")", e);
		}
		if (tallies.isEmpty()) throw new IllegalArgumentException(folder +
			": holds no <model>/<layer>/tally.csv.");
		for (Path tally : tallies) {
			String model = tally.getParent().getParent().getFileName().toString();
			String layer = tally.getParent().getFileName().toString();
			CsvTable.read(tally, List.of("unit", "category", "label", "score"),
				problems, row -> {
					String label = row.text("label");
					if (label.isEmpty()) return;
					labels.put(new UnitRef(model, layer, row.integer("unit") - 1), String
						.format(Locale.ROOT, "%s (%s, IoU %.3f)", label, row.text(
							"category"), row.number("score")));
				});
		}
		if (!problems.isEmpty()) throw new IllegalArgumentException(
			"Dissection results are damaged:\n" + String.join("\n", problems.subList(
				0, Math.min(5, problems.size()))));
		return new DissectionLabels(labels);
	}

	/**
	 * The unit's best concept with its category and IoU, or "" when it has none.
	 */
	public String describe(UnitRef unit) {
		return labels.getOrDefault(new UnitRef(unit.model(), DissectReport.fileName(
			unit.layer()), unit.unit()), "");
	}
}
