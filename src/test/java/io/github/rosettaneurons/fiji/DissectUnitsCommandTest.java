
package io.github.rosettaneurons.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.measure.ResultsTable;
import io.github.rosettaneurons.TestZoo;

/**
 * Dissect Units through its ImageJ bridge and SciJava's CommandService, as Fiji
 * and macros run it.
 */
class DissectUnitsCommandTest {

	@TempDir
	Path temp;

	private Map<String, Object> inputs(File output) {
		return new CommandBridge(DissectUnitsCommand.class).fromMacro("model=[" +
			TestZoo.folder("resnet-shapes") + "] concepts=[" + TestZoo.ROOT.resolve(
				"concepts") +
			"] layers=layer3 quantile=0.03 level=reference union=lite categories=color,object " +
			"iou=0.04 top=3 batch=32 output=[" + output + "]");
	}

	@Test
	void macroOptionsRunTheCommandAndGiveOneRowPerUnit() {
		Path out = temp.resolve("dissected");
		DissectUnitsCommand command = (DissectUnitsCommand) new CommandBridge(
			DissectUnitsCommand.class).execute(PluginContext.get(), inputs(out
				.toFile())).getCommand();
		ResultsTable table = command.table();
		assertEquals(64, table.size(), "layer3 has 64 units");
		assertEquals("layer3", table.getStringValue("layer", 0));
		assertTrue(table.getValue("iou", 0) >= table.getValue("iou", 1),
			"best unit first");
		assertTrue(table.columnExists("object-iou"));
		assertFalse(table.columnExists("texture-iou"),
			"only the chosen categories are scored");
		assertTrue(Files.isRegularFile(out.resolve("layer3/tally.csv")));
		assertTrue(Files.isRegularFile(out.resolve("report.html")));
		String firstUnit = String.format("images/layer3-%04d.png", (int) table
			.getValue("unit", 0));
		assertTrue(Files.isRegularFile(out.resolve(firstUnit)), firstUnit);
	}

	@Test
	void everyOptionIsAnInputOfTheCommand() {
		CommandBridge bridge = new CommandBridge(DissectUnitsCommand.class);
		CommandInfo info = PluginContext.get().service(CommandService.class)
			.getCommand(bridge.command());
		Set<String> names = new HashSet<>();
		info.inputs().forEach(item -> names.add(item.getName()));
		for (DialogField option : bridge.fields())
			assertTrue(names.contains(option.key()), option.key());
	}

	@Test
	void cancelledDissectionLeavesNoFiles() throws Exception {
		Path out = temp.resolve("cancelled");
		CommandModule module = CancelledRun.of(DissectUnitsCommand.class, inputs(out
			.toFile()));
		assertTrue(module.isCanceled());
		assertFalse(Files.exists(out),
			"the output folder it created is removed again");
	}

	@Test
	void aBadConceptSetIsReportedWithoutOutput() throws Exception {
		Path concepts = Files.createDirectories(temp.resolve("concepts"));
		Files.writeString(concepts.resolve("index.csv"), "image,split\n");
		Map<String, Object> inputs = inputs(temp.resolve("x").toFile());
		inputs.put("concepts", concepts.toFile());
		String message = assertThrows(IllegalArgumentException.class,
			() -> new CommandBridge(DissectUnitsCommand.class).execute(PluginContext
				.get(), inputs)).getMessage();
		assertTrue(message.contains("category.csv: missing"), message);
		assertFalse(Files.exists(temp.resolve("x")));
	}
}
