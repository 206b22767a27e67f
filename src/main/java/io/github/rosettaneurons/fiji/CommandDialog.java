
package io.github.rosettaneurons.fiji;

import java.awt.Choice;
import java.awt.TextField;
import java.io.File;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.io.DirectoryChooser;
import ij.plugin.frame.Recorder;

/**
 * The GenericDialog of a command, built from its fields: each starts at the
 * value of the last run (else the default); a model package is chosen among the
 * packages of the zoo folder (button "Zoo folder…"), or browsed for; a layer
 * field has a button listing the chosen package's layers; Help opens the
 * command's section of the user guide. ImageJ records every field under its
 * key, so a recorded macro holds all values.
 */
final class CommandDialog {

	/**
	 * The user guide on the project's site; a command's section is its title as a
	 * GitHub anchor.
	 */
	static final String GUIDE =
		"https://github.com/rosettaneurons/Rosetta_Neurons/blob/main/docs/user-guide.md";

	static final String BROWSE = "Browse…";

	private final String title;
	private final List<DialogField> fields;
	private final RememberedValues remembered;
	private final Map<String, Choice> modelChoices = new LinkedHashMap<>();
	private GenericDialog dialog;

	CommandDialog(String title, List<DialogField> fields,
		RememberedValues remembered)
	{
		this.title = title;
		this.fields = fields;
		this.remembered = remembered;
	}

	/** The section of the user guide about the command titled {@code title}. */
	static String help(String title) {
		return GUIDE + "#" + title.toLowerCase(Locale.ROOT).replaceAll(
			"[^a-z0-9 -]", "").replace(' ', '-');
	}

	/**
	 * The text of each field as the user accepted it (an image's title), or null
	 * when the dialog was cancelled.
	 */
	Map<String, String> ask() {
		dialog = new GenericDialog(title);
		for (DialogField field : fields) {
			String shown = remembered.shown(field);
			switch (field.kind()) {
				case MODEL:
					addModelChoice(field, shown);
					break;
				case DIRECTORY:
					dialog.addDirectoryField(field.label(), shown, 40);
					break;
				case FILE:
					dialog.addFileField(field.label(), shown, 40);
					break;
				case TEXT:
					dialog.addStringField(field.label(), shown, 30);
					break;
				case LAYERS:
				case LAYER:
					dialog.addStringField(field.label(), shown, 30);
					TextField text = (TextField) dialog.getStringFields().lastElement();
					dialog.addButton("Layers of the model…", e -> pickLayers(field,
						text));
					break;
				case NUMBER:
					dialog.addStringField(field.label(), shown, 8);
					break;
				case CHECKBOX:
					dialog.addCheckbox(field.label(), Boolean.parseBoolean(shown));
					break;
				case CHOICE:
					dialog.addChoice(field.label(), field.choices().toArray(
						new String[0]), shown);
					break;
				case IMAGE:
					addImageChoice(field);
					break;
				default:
					throw new IllegalStateException(field.kind().name());
			}
		}
		if (!modelChoices.isEmpty()) {
			dialog.addButton("Zoo folder…", e -> chooseZoo());
			dialog.addDialogListener((gd, event) -> {
				if (event != null && event.getSource() instanceof Choice choice &&
					modelChoices.containsValue(choice) && BROWSE.equals(choice
						.getSelectedItem())) browse(choice);
				return true;
			});
		}
		dialog.addHelp(help(title));
		dialog.showDialog();
		if (dialog.wasCanceled()) return null;
		Map<String, String> texts = new LinkedHashMap<>();
		for (DialogField field : fields) {
			switch (field.kind()) {
				case MODEL:
				case CHOICE:
					texts.put(field.key(), dialog.getNextChoice());
					break;
				case CHECKBOX:
					texts.put(field.key(), String.valueOf(dialog.getNextBoolean()));
					break;
				case IMAGE:
					texts.put(field.key(), WindowManager.getImageCount() == 0 ? ""
						: dialog.getNextChoice());
					break;
				default:
					texts.put(field.key(), dialog.getNextString());
			}
		}
		return texts;
	}

	/**
	 * The zoo's packages, the value shown if it is elsewhere, and Browse…; empty
	 * first, as for an optional input.
	 */
	private void addModelChoice(DialogField field, String shown) {
		dialog.addChoice(field.label(), modelItems(shown).toArray(new String[0]),
			shown);
		modelChoices.put(field.key(), (Choice) dialog.getChoices().lastElement());
	}

	static List<String> modelItems(String shown) {
		List<String> items = new ArrayList<>(List.of(""));
		items.addAll(ModelZoo.packages());
		if (!items.contains(shown)) items.add(shown);
		items.add(BROWSE);
		return items;
	}

	private static void browse(Choice choice) {
		String folder = new DirectoryChooser("Model package folder").getDirectory();
		if (folder == null) {
			choice.select(0);
			return;
		}
		String path = Paths.get(folder).toString();
		choice.insert(path, choice.getItemCount() - 1);
		choice.select(path);
	}

	/**
	 * A new zoo folder: remembered, and every model choice lists its packages
	 * (keeping what is selected).
	 */
	private void chooseZoo() {
		String folder = new DirectoryChooser(
			"Zoo folder (one model package per subfolder)").getDirectory();
		if (folder == null) return;
		ModelZoo.choose(Paths.get(folder));
		for (Choice choice : modelChoices.values()) {
			String selected = choice.getSelectedItem();
			choice.removeAll();
			for (String item : modelItems(selected))
				choice.add(item);
			choice.select(selected);
		}
	}

	/**
	 * Lists the layers of the package chosen for {@code model}: checkboxes
	 * (several layers) or a choice (one).
	 */
	private void pickLayers(DialogField field, TextField text) {
		Choice model = modelChoices.get(ModelLayers.MODEL_KEY);
		String location = model == null ? "" : model.getSelectedItem();
		if (location.isBlank() || location.equals(BROWSE)) {
			IJ.error(title,
				"Choose the model package first; its layers are listed then.");
			return;
		}
		List<String> names;
		try {
			names = ModelLayers.names(new File(location));
		}
		catch (RuntimeException e) {
			IJ.error(title, e.getMessage());
			return;
		}
		GenericDialog page = new GenericDialog(title + ": layers of " + new File(
			location).getName());
		List<String> given = Arrays.stream(text.getText().split(",")).map(
			String::trim).toList();
		if (field.kind() == DialogField.Kind.LAYERS) {
			boolean[] ticked = new boolean[names.size()];
			for (int i = 0; i < ticked.length; i++)
				ticked[i] = given.contains(names.get(i));
			page.addMessage(
				"No layer ticked: all layers (except attention projections).");
			page.addCheckboxGroup((names.size() + 2) / 3, Math.min(3, names.size()),
				names.toArray(new String[0]), ticked);
		}
		else page.addChoice("Layer", names.toArray(new String[0]), given.isEmpty()
			? names.get(names.size() - 1) : given.get(0));
		Recorder.suspendRecording(); // the page fills the field; the field is what
																	// the macro records
		try {
			page.showDialog();
			if (page.wasCanceled()) return;
			if (field.kind() == DialogField.Kind.LAYER) text.setText(page
				.getNextChoice());
			else {
				List<String> chosen = new ArrayList<>();
				for (String name : names)
					if (page.getNextBoolean()) chosen.add(name);
				text.setText(String.join(",", chosen));
			}
		}
		finally {
			Recorder.resumeRecording();
		}
	}

	private void addImageChoice(DialogField field) {
		if (WindowManager.getImageCount() == 0) return;
		ImagePlus current = WindowManager.getCurrentImage();
		dialog.addImageChoice(field.label(), current == null ? null : current
			.getTitle());
	}
}
