package io.github.rosettaneurons.fiji;

import java.io.File;
import java.util.List;

import org.scijava.module.ModuleItem;

import ij.ImagePlus;
import ij.Macro;

/**
 * One input of a SciJava command as the ImageJ 1.x dialog and macros see it: the input's name is the macro key and
 * its label the dialog label. A GenericDialog records a field under the first word of its label, lower-cased, so
 * the label must start with the key; the constructor enforces that so dialogs and macros always agree.
 *
 * @param defaultValue the value of a fresh command instance, as the dialog shows it ("" for none)
 */
public record DialogField(String key,String label,Kind kind,Class<?>type,String defaultValue,List<String>choices){

/**
	 * How the field is asked for. A File input is a model package with {@code style = "model"}, a folder with
	 * {@code style = "directory"}, otherwise a file. A String input names layers of the command's {@code model}
	 * package with {@code style = "layers"} (comma-separated) or {@code style = "layer"} (one).
	 */
	public enum Kind { MODEL, DIRECTORY, FILE, TEXT, LAYERS, LAYER, NUMBER, CHECKBOX, CHOICE, IMAGE }

	/** The widget style of a File input that is a model package folder. */
	public static final String MODEL_STYLE = "model";

	/** The widget style of a String input listing layers of the {@code model} input's package. */
	public static final String LAYERS_STYLE = "layers";

	/** The widget style of a String input naming one layer of the {@code model} input's package. */
	public static final String LAYER_STYLE = "layer";

	public DialogField {
		if (!Macro.trimKey(label).equals(key)) throw new IllegalArgumentException("Label '" + label +
			"' would be recorded as '" + Macro.trimKey(label) + "', not '" + key + "'");
		choices = List.copyOf(choices);
	}

	/** The field of a command input, with the default taken from a fresh instance of the command. */
	static DialogField of(ModuleItem<?> input, Object defaultValue) {
		return new DialogField(input.getName(), input.getLabel(), kind(input), input.getType(),
			defaultValue == null ? "" : defaultValue.toString(), input.getChoices() == null ? List.of()
			: input.getChoices().stream().map(String::valueOf).toList());
	}

	private static Kind kind(ModuleItem<?> input) {
		Class<?> type = input.getType();
		String style = input.getWidgetStyle() == null ? "" : input.getWidgetStyle();
		if (type == ImagePlus.class) return Kind.IMAGE;
		if (type == File.class) return style.equals(MODEL_STYLE) ? Kind.MODEL : style.equals("directory") ? Kind.DIRECTORY
			: Kind.FILE;
		if (type == boolean.class || type == Boolean.class) return Kind.CHECKBOX;
		if (type == String.class && input.getChoices() != null && !input.getChoices().isEmpty()) return Kind.CHOICE;
		if (type == String.class) return style.equals(LAYERS_STYLE) ? Kind.LAYERS : style.equals(LAYER_STYLE) ? Kind.LAYER
			: Kind.TEXT;
		if (type == int.class || type == double.class || type == Integer.class || type == Double.class) return Kind.NUMBER;
		throw new IllegalStateException("Input '" + input.getName() + "' of type " + type.getSimpleName() +
			" has no ImageJ 1.x dialog field");
	}

	/** The value of this field's text as the command's input type. */
	Object value(String text) {
		String trimmed = text == null ? "" : text.trim();
		switch (kind) {
			case MODEL:
			case DIRECTORY:
			case FILE:
				return trimmed.isEmpty() ? null : new File(trimmed);
			case CHECKBOX:
				return Boolean.parseBoolean(trimmed);
			case NUMBER:
				try {
					return type == int.class || type == Integer.class ? (Object) Integer.parseInt(trimmed)
						: (Object) Double.parseDouble(trimmed);
				}
				catch (NumberFormatException e) {
					throw new IllegalArgumentException("option '" + key + "' must be a number, not '" + trimmed + "'.");
				}
			default:
				return trimmed;
		}
	}
}
