
package io.github.rosettaneurons.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import io.github.rosettaneurons.TestZoo;

/**
 * The ImageJ 1.x bridge in a truly headless JVM (java.awt.headless=true, as
 * Surefire runs): given macro options it must never build a dialog, which would
 * throw HeadlessException here.
 */
@ExtendWith(MacroThread.class)
class ExtractActivationsPlugInTest {

	@Test
	void runsFromMacroOptionsWithoutAWindow() {
		assertTrue(GraphicsEnvironment.isHeadless(), "this test must run headless");
		Interpreter.batchMode = true;
		ImagePlus image = IJ.openImage(TestZoo.FIRST_IMAGE.toString());
		image.show();
		Macro.setOptions("model=[" + TestZoo.folder("resnet-shapes") + "] image=" +
			image.getTitle() + " layers=layer2 unit=1 opacity=0.7 lut=ice");
		new CommandBridge(ExtractActivationsCommand.class).run("");
		ImagePlus result = WindowManager.getImage("resnet-shapes layer2");
		assertNotNull(result,
			"the hyperstack is registered as an open (batch-mode) image");
		assertEquals(1, result.getNFrames());
		assertEquals(1, image.getOverlay().size());
	}

	@Test
	void badOptionFailsWithOneMessage() {
		Macro.setOptions("model=[" + TestZoo.folder("resnet-shapes") +
			"] batch=many");
		String message = assertThrows(IllegalArgumentException.class,
			() -> new CommandBridge(ExtractActivationsCommand.class).run(""))
			.getMessage();
		assertEquals(
			"Extract Activations: option 'batch' must be a number, not 'many'.",
			message);
	}

	@Test
	void commandFailureNamesTheCommandAndTheCause() {
		Macro.setOptions("model=[/no/such/model] folder=[" + TestZoo.IMAGES + "]");
		String message = assertThrows(IllegalArgumentException.class,
			() -> new CommandBridge(ExtractActivationsCommand.class).run(""))
			.getMessage();
		assertTrue(message.startsWith(
			"Extract Activations: /no/such/model: no such model package"), message);
	}

	@Test
	void everyBridgeRecordsItsDialogUnderTheCommandsInputNames()
		throws Exception
	{
		for (CommandBridge bridge : menuEntries()) {
			var inputs = org.scijava.command.CommandInfo.class.cast(PluginContext
				.get().service(org.scijava.command.CommandService.class).getCommand(
					bridge.command())).inputs();
			java.util.Set<String> names = new java.util.HashSet<>();
			inputs.forEach(item -> names.add(item.getName()));
			for (DialogField option : bridge.fields())
				assertTrue(names.contains(option.key()), bridge.title() + ": option '" +
					option.key() + "' is not an input of " + bridge.command()
						.getSimpleName());
		}
	}

	/**
	 * ImageJ records a dialog field under the first word of its label: for every
	 * command that word is the key.
	 */
	@Test
	void everyLabelRecordsUnderItsInputsName() throws Exception {
		for (CommandBridge bridge : menuEntries()) {
			var info = PluginContext.get().service(
				org.scijava.command.CommandService.class).getCommand(bridge.command());
			for (var input : info.inputs()) {
				if (bridge.fields().stream().noneMatch(field -> field.key().equals(input
					.getName()))) continue;
				assertEquals(input.getName(), Macro.trimKey(input.getLabel()), bridge
					.title() + ": the label '" + input.getLabel() + "' would record '" +
					input.getName() + "' under another key");
			}
		}
	}

	/**
	 * Every bridge that plugins.config puts in the menu: a class, or the generic
	 * bridge with the command's class.
	 */
	@SuppressWarnings("unchecked")
	static List<CommandBridge> menuEntries() throws Exception {
		List<CommandBridge> bridges = new java.util.ArrayList<>();
		try (var config = ExtractActivationsPlugInTest.class.getResourceAsStream(
			"/plugins.config"))
		{
			for (String line : new String(config.readAllBytes(),
				java.nio.charset.StandardCharsets.UTF_8).split("\n"))
			{
				if (line.isBlank() || line.startsWith("#")) continue;
				java.util.regex.Matcher entry = java.util.regex.Pattern.compile(
					", *([\\w.]+)(?:\\(\"([\\w.]+)\"\\))?$").matcher(line.trim());
				assertTrue(entry.find(), line);
				Class<?> type = Class.forName(entry.group(1));
				bridges.add(entry.group(2) == null ? (CommandBridge) type
					.getDeclaredConstructor().newInstance() : new CommandBridge(
						(Class<? extends org.scijava.command.Command>) Class.forName(entry
							.group(2))));
			}
		}
		return bridges;
	}

	@Test
	void aLabelThatWouldRecordUnderAnotherKeyIsRefused() {
		String message = assertThrows(IllegalArgumentException.class,
			() -> new DialogField("model", "Network package", DialogField.Kind.FILE,
				java.io.File.class, "", List.of())).getMessage();
		assertTrue(message.contains("'network', not 'model'"), message);
	}
}
