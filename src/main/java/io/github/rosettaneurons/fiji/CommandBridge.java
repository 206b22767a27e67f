package io.github.rosettaneurons.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.event.EventSubscriber;
import org.scijava.module.event.ModuleErroredEvent;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The ImageJ 1.x face of a SciJava command. Run from a macro it reads the options string and never builds a
 * dialog, so it works in a truly headless JVM; run from the menu it asks with a GenericDialog, which ImageJ's
 * recorder turns into a macro line. Either way the command itself runs through CommandService.
 */
public abstract class CommandBridge implements PlugIn {

	protected abstract String title();

	protected abstract Class<? extends Command> command();

	protected abstract List<Option> options();

	/** Shows or registers what the finished command produced. */
	protected abstract void publish(CommandModule finished, Map<String, Object> inputs);

	@Override
	public void run(String arg) {
		String macroOptions = Macro.getOptions();
		try {
			Map<String, Object> inputs = macroOptions != null ? fromMacro(macroOptions) : fromDialog();
			if (inputs == null) return;
			CommandModule finished = execute(PluginContext.get(), inputs);
			if (finished.isCanceled()) IJ.showStatus(title() + ": cancelled");
			else publish(finished, inputs);
		}
		catch (RuntimeException e) {
			fail(e);
		}
	}

	/**
	 * Runs the command with fully specified inputs (no pre- or post-processors, so no UI harvesting) and rethrows
	 * its failure, if any, as it was thrown: the one message this bridge reports (SciJava does not log it too).
	 */
	public CommandModule execute(Context context, Map<String, Object> inputs) {
		EventService events = context.service(EventService.class);
		FailureCatcher catcher = new FailureCatcher(command());
		List<EventSubscriber<?>> subscribed = events.subscribe(catcher);
		try {
			return context.service(CommandService.class).run(command(), false, inputs).get();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(title() + " was interrupted", e);
		}
		catch (ExecutionException e) {
			if (catcher.failure != null) throw catcher.failure;
			throw new IllegalStateException(title() + " could not run: " + e.getMessage(), e);
		}
		finally {
			events.unsubscribe(subscribed);
		}
	}

	/** Takes the failure of a command of this bridge's kind from SciJava's error event, which it consumes. */
	public static final class FailureCatcher {
		private final Class<?> command;
		private volatile RuntimeException failure;

		FailureCatcher(Class<?> command) {
			this.command = command;
		}

		@EventHandler
		public void onError(ModuleErroredEvent event) {
			Object delegate = event.getModule().getDelegateObject();
			if (command.isInstance(delegate) && delegate instanceof RosettaCommand) {
				failure = ((RosettaCommand) delegate).failure();
				if (failure != null) event.consume(); // reported by the bridge, not as SciJava's logged stack trace
			}
		}
	}

	/**
	 * One clear message per failure: a message box interactively; in a macro the message goes to the log and the
	 * macro is aborted the way ImageJ aborts macros; with no macro interpreter (plain headless JVM) it is thrown.
	 */
	private void fail(RuntimeException e) {
		String message = title() + ": " + (e.getMessage() != null ? e.getMessage() : e.toString());
		if (Interpreter.getInstance() != null) {
			IJ.log(message);
			Interpreter.abort();
		}
		else if (GraphicsEnvironment.isHeadless()) throw new IllegalArgumentException(message, e);
		else IJ.error(title(), message);
	}

	Map<String, Object> fromMacro(String macroOptions) {
		Map<String, Object> inputs = new LinkedHashMap<>();
		for (Option option : options()) {
			String value = Macro.getValue(macroOptions, option.key(), null);
			if (option.kind() == Option.Kind.CHECKBOX) value = String.valueOf(isFlagSet(macroOptions, option.key()));
			inputs.put(option.key(), convert(option, value == null ? option.defaultValue() : value));
		}
		return inputs;
	}

	/** ImageJ records a ticked checkbox as its bare key. */
	private static boolean isFlagSet(String macroOptions, String key) {
		return (" " + macroOptions + " ").contains(" " + key + " ") || "true".equals(Macro.getValue(macroOptions, key, null));
	}

	private Map<String, Object> fromDialog() {
		GenericDialog dialog = new GenericDialog(title());
		for (Option option : options()) {
			switch (option.kind()) {
				case FILE: dialog.addFileField(option.label(), option.defaultValue(), 40); break;
				case DIRECTORY: dialog.addDirectoryField(option.label(), option.defaultValue(), 40); break;
				case TEXT: dialog.addStringField(option.label(), option.defaultValue(), 30); break;
				case NUMBER: dialog.addStringField(option.label(), option.defaultValue(), 8); break;
				case CHECKBOX: dialog.addCheckbox(option.label(), Boolean.parseBoolean(option.defaultValue())); break;
				case CHOICE: dialog.addChoice(option.label(), option.choices(), option.defaultValue()); break;
				case IMAGE: addImageChoice(dialog, option); break;
				default: throw new IllegalStateException(option.kind().name());
			}
		}
		dialog.showDialog();
		if (dialog.wasCanceled()) return null;
		Map<String, Object> inputs = new LinkedHashMap<>();
		for (Option option : options()) {
			String value;
			switch (option.kind()) {
				case CHECKBOX: value = String.valueOf(dialog.getNextBoolean()); break;
				case CHOICE: value = dialog.getNextChoice(); break;
				case IMAGE: value = WindowManager.getImageCount() == 0 ? "" : dialog.getNextChoice(); break;
				default: value = dialog.getNextString();
			}
			inputs.put(option.key(), convert(option, value));
		}
		return inputs;
	}

	private static void addImageChoice(GenericDialog dialog, Option option) {
		if (WindowManager.getImageCount() == 0) return;
		ImagePlus current = WindowManager.getCurrentImage();
		dialog.addImageChoice(option.label(), current == null ? null : current.getTitle());
	}

	private Object convert(Option option, String value) {
		String text = value == null ? "" : value.trim();
		switch (option.kind()) {
			case FILE:
			case DIRECTORY:
				return text.isEmpty() ? null : new File(text);
			case NUMBER:
				try {
					return text.contains(".") || text.contains("e") ? (Object) Double.parseDouble(text) : (Object) Integer.parseInt(text);
				}
				catch (NumberFormatException e) {
					throw new IllegalArgumentException("option '" + option.key() + "' must be a number, not '" +
						text + "'.");
				}
			case CHECKBOX:
				return Boolean.parseBoolean(text);
			case IMAGE:
				return image(option, text);
			default:
				return text;
		}
	}

	/** The image a macro names by title, else the current image (null where none is open). */
	private ImagePlus image(Option option, String title) {
		if (title.isEmpty()) return WindowManager.getCurrentImage();
		ImagePlus named = WindowManager.getImage(title);
		if (named == null) throw new IllegalArgumentException("no open image is titled '" + title +
			"' (option '" + option.key() + "').");
		return named;
	}

	/** Shows a result: a window interactively, a batch-mode image in macros, the current image when headless. */
	protected static void display(ImagePlus result) {
		if (IJ.isMacro() || Interpreter.isBatchMode() || !GraphicsEnvironment.isHeadless()) result.show();
		else WindowManager.setTempCurrentImage(result);
	}
}
