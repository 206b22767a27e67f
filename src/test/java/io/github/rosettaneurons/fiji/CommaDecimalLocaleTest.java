
package io.github.rosettaneurons.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.github.rosettaneurons.TestZoo;

/**
 * The Rosetta work flow end to end in a German JVM, where "%.6f" gives
 * "0,863844": mine, Show Rosetta Neuron, invert into the generator, Unit
 * Browser, each reading what the one before wrote. Small: 32 samples, 3 steps.
 */
class CommaDecimalLocaleTest {

	private static Locale previous;

	@TempDir
	Path temp;

	@BeforeAll
	static void german() {
		previous = Locale.getDefault();
		Locale.setDefault(Locale.GERMANY);
	}

	@AfterAll
	static void restore() {
		Locale.setDefault(previous);
	}

	@Test
	void mineShowInvertAndBrowseUnderGermanLocale() throws Exception {
		assertEquals("0,5", String.format("%.1f", 0.5),
			"the JVM formats numbers the German way");
		Path mined = temp.resolve("mined");
		Map<String, Object> mine = new HashMap<>();
		mine.put("anchor", TestZoo.folder("world-generator").toFile());
		mine.put("models", TestZoo.folder("resnet-shapes").toString());
		mine.put("samples", 32);
		mine.put("seed", 0);
		mine.put("category", -1);
		mine.put("batch", 16);
		mine.put("rule", "strict_mutual");
		mine.put("minimum", 0.0);
		mine.put("examples", 1);
		mine.put("output", mined.toFile());
		ResultsTable table = ((MineRosettaCommand) new CommandBridge(
			MineRosettaCommand.class).execute(PluginContext.get(), mine).getCommand())
			.dictionary();
		Path dictionary = mined.resolve("dictionary.csv");
		List<String> rows = Files.readAllLines(dictionary);
		assertTrue(rows.size() > 2, "a neuron has at least two units: " + rows);
		for (int row = 1; row < rows.size(); row++) {
			String[] cells = rows.get(row).split(",");
			assertEquals(6, cells.length,
				"a decimal comma would split the correlation: " + rows.get(row));
			assertEquals(table.getValue("correlation", row - 1), Double.parseDouble(
				cells[4]), 1e-6, rows.get(row));
		}

		Map<String, Object> show = new HashMap<>();
		show.put("dictionary", dictionary.toFile());
		show.put("neuron", 1);
		show.put("image", IJ.openImage(TestZoo.FIRST_IMAGE.toString()));
		show.put("models", TestZoo.folder("resnet-shapes").toString());
		show.put("opacity", 0.5);
		show.put("lut", "fire");
		ImagePlus heatmaps = ((ShowRosettaCommand) new CommandBridge(
			ShowRosettaCommand.class).execute(PluginContext.get(), show).getCommand())
			.heatmaps();
		assertEquals(1, heatmaps.getStackSize());
		assertTrue(heatmaps.getStack().getSliceLabel(1).startsWith(
			"R1 resnet-shapes:"), heatmaps.getStack().getSliceLabel(1));

		Map<String, Object> invert = new HashMap<>();
		invert.put("image", IJ.openImage(TestZoo.IMAGES.resolve("scene_1.png")
			.toString()));
		invert.put("generator", TestZoo.folder("world-generator").toFile());
		invert.put("model", TestZoo.folder("resnet-shapes").toFile());
		invert.put("dictionary", dictionary.toFile());
		invert.put("category", 1);
		invert.put("steps", 3);
		invert.put("rate", 0.05);
		invert.put("pixel", 0.0);
		invert.put("regulariser", 0.0);
		invert.put("seed", 0);
		invert.put("every", 0);
		InvertImageCommand inverted = (InvertImageCommand) new CommandBridge(
			InvertImageCommand.class).execute(PluginContext.get(), invert)
			.getCommand();
		assertEquals(64, inverted.result().getWidth());
		assertEquals(4, inverted.losses().size(), "three steps and the result");
		assertTrue(Double.isFinite(inverted.losses().getValue("loss", 3)));
		assertFalse(inverted.result().getTitle().matches(".*\\d,\\d.*"), inverted
			.result().getTitle());

		Map<String, Object> browse = new HashMap<>();
		browse.put("image", IJ.openImage(TestZoo.FIRST_IMAGE.toString()));
		browse.put("models", TestZoo.folder("resnet-shapes").toString());
		browse.put("dictionary", dictionary.toFile());
		browse.put("dissection", null);
		browse.put("top", 3);
		browse.put("x", 34);
		browse.put("y", 20);
		browse.put("opacity", 0.5);
		browse.put("lut", "fire");
		ResultsTable units = ((UnitBrowserCommand) new UnitBrowserPlugIn().execute(
			PluginContext.get(), browse).getCommand()).units();
		assertEquals(3, units.size());
		assertEquals("resnet-shapes", units.getStringValue("model", 0));
	}
}
