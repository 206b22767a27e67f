
package io.github.rosettaneurons.dissect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * NetDissect-Lite's tally.csv: {@code unit,category,label,score}, then per
 * category {@code <c>-label,<c>-truth,<c>-activation,<c>-intersect,<c>-iou};
 * rows by score descending, units 1-based.
 */
final class TallyCsv {

	private TallyCsv() {}

	static void write(Path file, LayerResult layer) throws IOException {
		StringBuilder text = new StringBuilder("unit,category,label,score");
		for (String category : layer.categories())
			for (String column : new String[] { "label", "truth", "activation",
				"intersect", "iou" })
				text.append(',').append(category).append('-').append(column);
		text.append('\n');
		for (UnitResult unit : layer.byScore()) {
			text.append(unit.unit() + 1).append(',').append(unit.category()).append(
				',').append(name(unit.best())).append(',').append(unit.score());
			for (CategoryScore score : unit.categories())
				text.append(',').append(name(score)).append(',').append(score.truth())
					.append(',').append(score.activation()).append(',').append(score
						.intersection()).append(',').append(score.iou());
			text.append('\n');
		}
		Files.writeString(file, text, StandardCharsets.UTF_8);
	}

	/**
	 * thresholds.csv: {@code unit,threshold}, units 1-based in unit order (the
	 * reference's quantile.npy as text).
	 */
	static void writeThresholds(Path file, LayerResult layer) throws IOException {
		StringBuilder text = new StringBuilder("unit,threshold\n");
		for (UnitResult unit : layer.units())
			text.append(unit.unit() + 1).append(',').append(unit.threshold()).append(
				'\n');
		Files.writeString(file, text, StandardCharsets.UTF_8);
	}

	private static String name(CategoryScore score) {
		if (score.label() == null) return "";
		String name = score.label().name();
		return name.contains(",") || name.contains("\"") ? '"' + name.replace("\"",
			"\"\"") + '"' : name;
	}
}
