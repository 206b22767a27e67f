
package io.github.rosettaneurons.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.describe.DescribePanels;
import io.github.rosettaneurons.describe.LayerReader;
import io.github.rosettaneurons.describe.Pooling;
import io.github.rosettaneurons.describe.ZooUnits;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;

/** Describe Neurons through CommandService, as Fiji runs it. */
class DescribeNeuronsCommandTest {

	static final Path CONCEPTS = TestZoo.ROOT.resolve("concepts");

	@TempDir
	Path temp;

	static Map<String, Object> inputs(String layer, String units, File output) {
		Map<String, Object> inputs = new HashMap<>();
		inputs.put("model", TestZoo.folder("resnet-shapes").toFile());
		inputs.put("layer", layer);
		inputs.put("units", units);
		inputs.put("folder", null);
		inputs.put("concepts", CONCEPTS.toFile());
		inputs.put("captioner", null);
		inputs.put("encoder", null);
		inputs.put("words", null);
		inputs.put("generator", null);
		inputs.put("images", 10);
		inputs.put("crops", 4);
		inputs.put("pooling", "mean");
		inputs.put("heatmap", "min_max");
		inputs.put("scoring", "topk_compare");
		inputs.put("batch", 32);
		inputs.put("output", output);
		return inputs;
	}

	@Test
	void colourUnitsGetTheirColourInTheTableWithPanelsAndFiles() {
		Map<Integer, String> colourUnits;
		ModelPackage resnet = TestZoo.open("resnet-shapes");
		try (Network network = resnet.load()) {
			colourUnits = ZooUnits.dominated(new LayerReader(network, resnet
				.manifest().layer("layer2"), Pooling.MEAN, 32), BrodenDataset.open(
					CONCEPTS), "color", 2);
		}
		String units = colourUnits.keySet().stream().map(String::valueOf).collect(
			Collectors.joining(","));
		Path out = temp.resolve("described");
		CommandModule module = new CommandBridge(DescribeNeuronsCommand.class)
			.execute(PluginContext.get(), inputs("layer2", units, out.toFile()));
		DescribeNeuronsCommand command = (DescribeNeuronsCommand) module
			.getCommand();
		ResultsTable table = command.descriptions();
		assertEquals(colourUnits.size(), table.size());
		int row = 0;
		for (Map.Entry<Integer, String> unit : colourUnits.entrySet()) {
			assertEquals(unit.getKey(), (int) table.getValue("unit", row));
			assertEquals(unit.getValue(), table.getStringValue("description", row));
			assertTrue(table.getValue("score", row) > 0);
			assertFalse(table.getStringValue("label 2", row).isEmpty());
			assertTrue(table.getStringValue("backend", row).startsWith(
				"candidates: masks of concept set concepts"), table.getStringValue(
					"backend", row));
			row++;
		}
		ImagePlus panels = command.panels();
		assertEquals(colourUnits.size(), panels.getStackSize());
		assertEquals(10 * DescribePanels.TILE, panels.getWidth());
		assertEquals(2 * DescribePanels.TILE, panels.getHeight());
		String firstUnit = colourUnits.keySet().iterator().next().toString();
		assertEquals("unit " + firstUnit + ": " + colourUnits.get(Integer.valueOf(
			firstUnit)), panels.getStack().getSliceLabel(1));
		assertTrue(Files.isRegularFile(out.resolve("descriptions.csv")));
		assertTrue(Files.isRegularFile(out.resolve(
			"Describe_resnet-shapes_layer2.tif")));
	}

	@Test
	void cancelledRunLeavesNoOutputFolder() throws Exception {
		Path out = temp.resolve("cancelled");
		CommandModule module = CancelledRun.of(DescribeNeuronsCommand.class, inputs(
			"layer2", "0", out.toFile()));
		assertTrue(module.isCanceled());
		assertFalse(Files.exists(out),
			"the output folder it created is removed again");
	}

	@Test
	void missingInputsAreExplained() {
		Map<String, Object> noProbe = inputs("layer2", "0", null);
		noProbe.put("concepts", null);
		String message = assertThrows(IllegalArgumentException.class,
			() -> new CommandBridge(DescribeNeuronsCommand.class).execute(
				PluginContext.get(), noProbe)).getMessage();
		assertTrue(message.startsWith("No probing images"), message);

		Map<String, Object> folderWithMasks = inputs("layer2", "0", null);
		folderWithMasks.put("folder", TestZoo.IMAGES.toFile());
		message = assertThrows(IllegalArgumentException.class,
			() -> new CommandBridge(DescribeNeuronsCommand.class).execute(
				PluginContext.get(), folderWithMasks)).getMessage();
		assertTrue(message.contains("need the concept set as probing set"),
			message);

		Map<String, Object> badUnit = inputs("layer2", "0-2,999", null);
		message = assertThrows(IllegalArgumentException.class,
			() -> new CommandBridge(DescribeNeuronsCommand.class).execute(
				PluginContext.get(), badUnit)).getMessage();
		assertTrue(message.contains(
			"Unit 999 does not exist; resnet-shapes layer2 (mean pooling) has 32 units"),
			message);
	}

	@Test
	void bridgeOptionsAreInputsOfTheCommand() {
		var inputs = org.scijava.command.CommandInfo.class.cast(PluginContext.get()
			.service(org.scijava.command.CommandService.class).getCommand(
				DescribeNeuronsCommand.class)).inputs();
		Set<String> names = new HashSet<>();
		inputs.forEach(item -> names.add(item.getName()));
		for (DialogField option : new CommandBridge(DescribeNeuronsCommand.class)
			.fields())
			assertTrue(names.contains(option.key()), option.key());
	}
}
