package io.github.rosettaneurons.fiji;

import io.github.rosettaneurons.TestZoo;
import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.awt.GraphicsEnvironment;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ImageJ 1.x bridge in a truly headless JVM (java.awt.headless=true, as Surefire runs): given macro options
 * it must never build a dialog, which would throw HeadlessException here.
 */
@ExtendWith(MacroThread.class)
class ExtractActivationsPlugInTest {


	@Test
	void runsFromMacroOptionsWithoutAWindow() {
		assertTrue(GraphicsEnvironment.isHeadless(), "this test must run headless");
		Interpreter.batchMode = true;
		ImagePlus image = IJ.openImage(TestZoo.FIRST_IMAGE.toString());
		image.show();
		Macro.setOptions("model=[" + TestZoo.folder("resnet-shapes") + "] image=" + image.getTitle() +
			" layers=layer2 unit=1 opacity=0.7 lut=ice");
		new ExtractActivationsPlugIn().run("");
		ImagePlus result = WindowManager.getImage("resnet-shapes layer2");
		assertNotNull(result, "the hyperstack is registered as an open (batch-mode) image");
		assertEquals(1, result.getNFrames());
		assertEquals(1, image.getOverlay().size());
	}

	@Test
	void badOptionFailsWithOneMessage() {
		Macro.setOptions("model=[" + TestZoo.folder("resnet-shapes") + "] batch=many");
		String message = assertThrows(IllegalArgumentException.class, () -> new ExtractActivationsPlugIn().run("")).getMessage();
		assertEquals("Extract Activations: option 'batch' must be a number, not 'many'.", message);
	}

	@Test
	void commandFailureNamesTheCommandAndTheCause() {
		Macro.setOptions("model=[/no/such/model] folder=[" + TestZoo.IMAGES + "]");
		String message = assertThrows(IllegalArgumentException.class, () -> new ExtractActivationsPlugIn().run("")).getMessage();
		assertTrue(message.startsWith("Extract Activations: /no/such/model: no such model package"), message);
	}

	@Test
	void everyBridgeRecordsItsDialogUnderTheCommandsInputNames() throws Exception {
		for (CommandBridge bridge : menuEntries()) {
			var inputs = org.scijava.command.CommandInfo.class.cast(PluginContext.get()
				.service(org.scijava.command.CommandService.class).getCommand(bridge.command())).inputs();
			java.util.Set<String> names = new java.util.HashSet<>();
			inputs.forEach(item -> names.add(item.getName()));
			for (Option option : bridge.options()) assertTrue(names.contains(option.key()),
				bridge.title() + ": option '" + option.key() + "' is not an input of " + bridge.command().getSimpleName());
		}
	}

	/** Every bridge that plugins.config puts in the menu. */
	static List<CommandBridge> menuEntries() throws Exception {
		List<CommandBridge> bridges = new java.util.ArrayList<>();
		try (var config = ExtractActivationsPlugInTest.class.getResourceAsStream("/plugins.config")) {
			for (String line : new String(config.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
				if (line.isBlank() || line.startsWith("#")) continue;
				String type = line.substring(line.lastIndexOf(',') + 1).trim();
				bridges.add((CommandBridge) Class.forName(type).getDeclaredConstructor().newInstance());
			}
		}
		return bridges;
	}

	@Test
	void aLabelThatWouldRecordUnderAnotherKeyIsRefused() {
		String message = assertThrows(IllegalArgumentException.class,
			() -> Option.of("model", "Network package", Option.Kind.FILE, "")).getMessage();
		assertTrue(message.contains("'network', not 'model'"), message);
	}
}
