
package io.github.rosettaneurons.fiji;

import java.io.File;
import java.util.Locale;
import java.util.Map;

import ij.Prefs;

/**
 * A command's dialog values of its last run, kept in ImageJ's preferences
 * (IJ_Prefs.txt, saved at once so they survive a restart) under
 * {@code rosetta.<command>.<input>}. Images are not remembered: they are the
 * open ones.
 */
final class RememberedValues {

	private final String prefix;

	RememberedValues(Class<?> command) {
		prefix = "rosetta." + command.getSimpleName().replaceFirst("Command$", "")
			.toLowerCase(Locale.ROOT) + ".";
	}

	String key(DialogField field) {
		return prefix + field.key();
	}

	/**
	 * What the dialog shows first: the value of the last run, else the command's
	 * default.
	 */
	String shown(DialogField field) {
		return field.kind() == DialogField.Kind.IMAGE ? "" : Prefs.get(key(field),
			field.defaultValue());
	}

	/** Remembers the values a user accepted in the dialog. */
	void remember(Iterable<DialogField> fields, Map<String, Object> inputs) {
		for (DialogField field : fields) {
			if (field.kind() == DialogField.Kind.IMAGE) continue;
			Object value = inputs.get(field.key());
			Prefs.set(key(field), value == null ? "" : value instanceof File file
				? file.getPath() : value.toString());
		}
		Prefs.savePreferences();
	}
}
