
package io.github.rosettaneurons.fiji;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.event.EventSubscriber;
import org.scijava.module.Module;
import org.scijava.module.ModuleException;
import org.scijava.module.ModuleItem;
import org.scijava.module.event.ModuleErroredEvent;
import org.scijava.service.Service;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;

/**
 * The ImageJ 1.x face of any of this plugin's SciJava commands, driven by the
 * command's declaration alone: plugins.config names the command as the argument
 * ({@code CommandBridge("...XxxCommand")}). Run from a macro it reads the
 * options string and never builds a dialog, so it works in a truly headless
 * JVM; run from the menu it asks with a {@link CommandDialog}, which ImageJ's
 * recorder turns into a macro line. Either way the layers named are checked
 * against the model package first, then the command runs through
 * CommandService, and its outputs are shown: tables under their label, images
 * in declaration order (the last is the current image), text in the Log.
 */
public class CommandBridge implements PlugIn {

	private Class<? extends Command> command;

	/**
	 * The bridge ImageJ creates; {@link #run(String)} receives the command's
	 * class name.
	 */
	public CommandBridge() {}

	public CommandBridge(Class<? extends Command> command) {
		this.command = command;
	}

	@Override
	public void run(String arg) {
		if (arg != null && !arg.isBlank()) command = commandClass(arg.trim());
		String macroOptions = Macro.getOptions();
		try {
			Map<String, Object> inputs = macroOptions != null ? fromMacro(
				macroOptions) : fromDialog();
			if (inputs == null) return;
			ModelLayers.validate(fields(), inputs);
			CommandModule finished = execute(PluginContext.get(), inputs);
			if (finished.isCanceled()) IJ.showStatus(title() + ": cancelled");
			else publish(finished, inputs);
		}
		catch (RuntimeException e) {
			fail(e);
		}
	}

	private static Class<? extends Command> commandClass(String name) {
		try {
			return Class.forName(name, true, CommandBridge.class.getClassLoader())
				.asSubclass(Command.class);
		}
		catch (ClassNotFoundException | ClassCastException e) {
			throw new IllegalStateException("plugins.config names '" + name +
				"', which is not a command of this plugin", e);
		}
	}

	public Class<? extends Command> command() {
		return command;
	}

	/** The command's menu label, which titles its dialog and its messages. */
	public String title() {
		return info().getLabel();
	}

	private CommandInfo info() {
		CommandInfo info = PluginContext.get().service(CommandService.class)
			.getCommand(command);
		if (info == null) throw new IllegalStateException(command.getName() +
			" is not a SciJava command");
		return info;
	}

	/**
	 * The command's inputs a user gives, in declaration order; services and the
	 * context are filled by SciJava.
	 */
	public List<DialogField> fields() {
		CommandInfo info = info();
		Module fresh;
		try {
			fresh = info.createModule();
		}
		catch (ModuleException e) {
			throw new IllegalStateException(command.getName() +
				" cannot be created: " + e.getMessage(), e);
		}
		List<DialogField> fields = new ArrayList<>();
		for (ModuleItem<?> input : info.inputs()) {
			Class<?> type = input.getType();
			if (Service.class.isAssignableFrom(type) || Context.class
				.isAssignableFrom(type)) continue;
			fields.add(DialogField.of(input, fresh.getInput(input.getName())));
		}
		return fields;
	}

	/**
	 * Runs the command with fully specified inputs (no pre- or post-processors,
	 * so no UI harvesting) and rethrows its failure, if any, as it was thrown:
	 * the one message this bridge reports (SciJava does not log it too).
	 */
	public CommandModule execute(Context context, Map<String, Object> inputs) {
		EventService events = context.service(EventService.class);
		FailureCatcher catcher = new FailureCatcher(command);
		List<EventSubscriber<?>> subscribed = events.subscribe(catcher);
		try {
			return context.service(CommandService.class).run(command, false, inputs)
				.get();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(title() + " was interrupted", e);
		}
		catch (ExecutionException e) {
			if (catcher.failure != null) throw catcher.failure;
			throw new IllegalStateException(title() + " could not run: " + e
				.getMessage(), e);
		}
		finally {
			events.unsubscribe(subscribed);
		}
	}

	/**
	 * Takes the failure of a command of this bridge's kind from SciJava's error
	 * event, which it consumes.
	 */
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
				if (failure != null) event.consume(); // reported by the bridge, not as
																							// SciJava's logged stack trace
			}
		}
	}

	/**
	 * One clear message per failure: a message box interactively; in a macro the
	 * message goes to the log and the macro is aborted the way ImageJ aborts
	 * macros; with no macro interpreter (plain headless JVM) it is thrown.
	 */
	private void fail(RuntimeException e) {
		String message = title() + ": " + (e.getMessage() != null ? e.getMessage()
			: e.toString());
		if (Interpreter.getInstance() != null) {
			IJ.log(message);
			Interpreter.abort();
		}
		else if (GraphicsEnvironment.isHeadless())
			throw new IllegalArgumentException(message, e);
		else IJ.error(title(), message);
	}

	/**
	 * The inputs a macro's options give; a field the options leave out has the
	 * command's default.
	 */
	Map<String, Object> fromMacro(String macroOptions) {
		Map<String, Object> inputs = new LinkedHashMap<>();
		for (DialogField field : fields()) {
			String value = Macro.getValue(macroOptions, field.key(), null);
			if (field.kind() == DialogField.Kind.CHECKBOX) value = String.valueOf(
				isFlagSet(macroOptions, field.key()));
			if (value == null) value = field.defaultValue();
			inputs.put(field.key(), input(field, value));
		}
		return inputs;
	}

	/** ImageJ records a ticked checkbox as its bare key. */
	private static boolean isFlagSet(String macroOptions, String key) {
		return (" " + macroOptions + " ").contains(" " + key + " ") || "true"
			.equals(Macro.getValue(macroOptions, key, null));
	}

	/**
	 * The inputs a user accepts in the command's dialog (remembered for the next
	 * time), or null when cancelled.
	 */
	private Map<String, Object> fromDialog() {
		List<DialogField> fields = fields();
		RememberedValues remembered = new RememberedValues(command);
		Map<String, String> texts = new CommandDialog(title(), fields, remembered)
			.ask();
		if (texts == null) return null;
		Map<String, Object> inputs = new LinkedHashMap<>();
		for (DialogField field : fields) {
			inputs.put(field.key(), input(field, texts.get(field.key())));
		}
		remembered.remember(fields, inputs);
		return inputs;
	}

	/**
	 * The command's input from the text a macro or the dialog gives for a field.
	 */
	private static Object input(DialogField field, String text) {
		return field.kind() == DialogField.Kind.IMAGE ? image(field, text) : field
			.value(text);
	}

	/**
	 * The image a macro names by title, else the current image (null where none
	 * is open).
	 */
	private static ImagePlus image(DialogField field, String title) {
		if (title == null || title.isBlank()) return WindowManager
			.getCurrentImage();
		ImagePlus named = WindowManager.getImage(title.trim());
		if (named == null) throw new IllegalArgumentException(
			"no open image is titled '" + title.trim() + "' (option '" + field.key() +
				"').");
		return named;
	}

	/**
	 * Shows what the finished command produced: input images whose overlay it
	 * drew are redrawn, then each output in declaration order: a table under the
	 * output's label, images (alone or in a collection) displayed once each, a
	 * text line by line in the Log. Other outputs (ImgLib2 images, the Unit
	 * Browser's state) serve SciJava callers.
	 */
	protected void publish(CommandModule finished, Map<String, Object> inputs) {
		for (Object input : inputs.values())
			if (input instanceof ImagePlus image && image.getOverlay() != null) image
				.updateAndDraw();
		Set<ImagePlus> shown = Collections.newSetFromMap(new IdentityHashMap<>());
		for (ModuleItem<?> output : info().outputs()) {
			Object value = finished.getOutput(output.getName());
			if (value instanceof ResultsTable table) table.show(output.getLabel());
			else if (value instanceof ImagePlus image && shown.add(image)) display(
				image);
			else if (value instanceof Collection<?> items) {
				for (Object item : items)
					if (item instanceof ImagePlus image && shown.add(image)) display(
						image);
			}
			else if (value instanceof String text && !text.isBlank())
				for (String line : text.split("\n"))
				IJ.log(title() + ": " + line);
		}
	}

	/**
	 * Shows a result: a window interactively, a batch-mode image in macros, the
	 * current image when headless.
	 */
	private static void display(ImagePlus result) {
		if (IJ.isMacro() || Interpreter.isBatchMode() || !GraphicsEnvironment
			.isHeadless()) result.show();
		else WindowManager.setTempCurrentImage(result);
	}
}
