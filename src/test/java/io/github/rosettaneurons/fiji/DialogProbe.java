
package io.github.rosettaneurons.fiji;

import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import ij.Prefs;

/**
 * Run by GuiSmokeIT in its own JVM under Xvfb: opens Dissect Units' dialog as
 * the menu does, after a run that left values in the preferences, then its
 * layer page; writes what each shows (dialog.txt) and their screenshots.
 * Arguments: the repository folder and the screenshot folder. Nothing is saved
 * to the user's preferences.
 */
public final class DialogProbe {

	private DialogProbe() {}

	public static void main(String[] args) throws Exception {
		Path root = Paths.get(args[0]);
		Path shots = Paths.get(args[1]);
		Path zoo = root.resolve("sample-data/v2/zoo");
		Prefs.set(ModelZoo.PREFERENCE, zoo.toString());
		Prefs.set("rosetta.dissectunits.model", zoo.resolve("resnet-scenes")
			.toString());
		Prefs.set("rosetta.dissectunits.layers", "layer3,layer4");
		Prefs.set("rosetta.dissectunits.top", "5");
		CommandBridge bridge = new CommandBridge(DissectUnitsCommand.class);
		CommandDialog dialog = new CommandDialog(bridge.title(), bridge.fields(),
			new RememberedValues(DissectUnitsCommand.class));
		start(dialog::ask);
		List<String> report = new ArrayList<>();
		Dialog main = waitFor("Dissect Units");
		describe(main, "dialog", report);
		capture(main, shots.resolve("dialog-dissect-units.png"));
		Button layers = find(main, Button.class).stream().filter(b -> b.getLabel()
			.startsWith("Layers")).findFirst().orElseThrow();
		start(() -> {
			for (ActionListener listener : layers.getActionListeners())
				listener.actionPerformed(new ActionEvent(layers,
					ActionEvent.ACTION_PERFORMED, layers.getLabel()));
		});
		Dialog page = waitFor("Dissect Units: layers of resnet-scenes");
		describe(page, "page", report);
		capture(page, shots.resolve("dialog-dissect-layers.png"));
		Files.write(shots.resolve("dialog.txt"), report, StandardCharsets.UTF_8);
		System.exit(0);
	}

	private static void start(Runnable task) {
		Thread thread = new Thread(task, "dialog");
		thread.setDaemon(true);
		thread.start();
	}

	private static Dialog waitFor(String title) throws InterruptedException {
		for (int i = 0; i < 300; i++) {
			for (Window window : Window.getWindows())
				if (window instanceof Dialog dialog && dialog.isShowing() && title
					.equals(dialog.getTitle()))
				{
					Thread.sleep(2000); // laid out, placed and painted
					return dialog;
				}
			Thread.sleep(100);
		}
		throw new IllegalStateException("no dialog '" + title + "' appeared");
	}

	/**
	 * One line per field: "<what> text: ...", "<what> choice: selected | items",
	 * "<what> checkbox: label=state".
	 */
	private static void describe(Container dialog, String what,
		List<String> report)
	{
		for (TextField text : find(dialog, TextField.class))
			report.add(what + " text: " + text.getText());
		for (Choice choice : find(dialog, Choice.class)) {
			List<String> items = new ArrayList<>();
			for (int i = 0; i < choice.getItemCount(); i++)
				items.add(choice.getItem(i));
			report.add(what + " choice: " + choice.getSelectedItem() + " | " + String
				.join(" | ", items));
		}
		for (Checkbox box : find(dialog, Checkbox.class))
			report.add(what + " checkbox: " + box.getLabel() + "=" + box.getState());
		for (Button button : find(dialog, Button.class))
			report.add(what + " button: " + button.getLabel());
	}

	private static <T extends Component> List<T> find(Container container,
		Class<T> type)
	{
		List<T> found = new ArrayList<>();
		for (Component component : container.getComponents()) {
			if (type.isInstance(component)) found.add(type.cast(component));
			if (component instanceof Container inner) found.addAll(find(inner, type));
		}
		return found;
	}

	private static void capture(Window window, Path file) throws Exception {
		Rectangle bounds = new Rectangle(window.getLocationOnScreen(), window
			.getSize());
		try {
			ImageIO.write(new Robot().createScreenCapture(bounds), "png", file
				.toFile());
		}
		catch (IOException e) {
			throw new IOException(file + ": " + e.getMessage(), e);
		}
	}
}
