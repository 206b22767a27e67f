package io.github.rosettaneurons.fiji;

import io.github.rosettaneurons.data.Heatmaps;
import ij.Macro;

/**
 * One input of a command as ImageJ 1.x sees it: a macro key and the dialog label that records it. A
 * GenericDialog records a field under the first word of its label, lower-cased, so the label must start with
 * the key; the constructor enforces that so dialogs and macros always agree.
 */
public record Option(String key, String label, Kind kind, String defaultValue, String[] choices) {

	public enum Kind { FILE, DIRECTORY, TEXT, NUMBER, CHECKBOX, CHOICE, IMAGE }

	public Option {
		if (!Macro.trimKey(label).equals(key)) throw new IllegalArgumentException("Label '" + label +
			"' would be recorded as '" + Macro.trimKey(label) + "', not '" + key + "'");
	}

	public static Option of(String key, String label, Kind kind, String defaultValue) {
		return new Option(key, label, kind, defaultValue, new String[0]);
	}

	/** The heatmap colour table, one of ImageJ's built-in LUTs. */
	public static Option lut() {
		return choice("lut", "LUT", Heatmaps.DEFAULT_LUT, "fire", "ice", "spectrum", "grays", "red", "green", "redgreen");
	}

	public static Option choice(String key, String label, String defaultValue, String... choices) {
		return new Option(key, label, Kind.CHOICE, defaultValue, choices);
	}
}
