
package io.github.rosettaneurons.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.Heatmaps;
import io.github.rosettaneurons.rosetta.RosettaDictionary;

/**
 * The Unit Browser command as Fiji runs it, on scene_0 (a red circle centred at
 * about (34, 20)).
 */
class UnitBrowserTest {

	@TempDir
	Path temp;

	private static Map<String, Object> inputs(ImagePlus image, Path dictionary,
		int x, int y)
	{
		Map<String, Object> inputs = new HashMap<>();
		inputs.put("image", image);
		inputs.put("models", TestZoo.folder("resnet-shapes") + "," + TestZoo.folder(
			"vit-shapes"));
		inputs.put("dictionary", dictionary == null ? null : dictionary.toFile());
		inputs.put("dissection", null);
		inputs.put("top", 3);
		inputs.put("x", x);
		inputs.put("y", y);
		inputs.put("opacity", 0.5);
		inputs.put("lut", "fire");
		return inputs;
	}

	private static UnitBrowserCommand run(Map<String, Object> inputs) {
		return (UnitBrowserCommand) new UnitBrowserPlugIn().execute(PluginContext
			.get(), inputs).getCommand();
	}

	@Test
	void aPointListsTheStrongestUnitsOfEveryModelWithTheirRosettaMatches()
		throws Exception
	{
		ImagePlus image = IJ.openImage(TestZoo.FIRST_IMAGE.toString());
		UnitBrowserCommand browsed = run(inputs(image, null, 34, 20));
		ResultsTable units = browsed.units();
		assertEquals(6, units.size(), "3 units of each model");
		assertEquals("resnet-shapes", units.getStringValue("model", 0));
		assertEquals("vit-shapes", units.getStringValue("model", 3));
		assertEquals("", units.getStringValue("rosetta", 0), "no dictionary given");
		assertEquals(1, heatmaps(image), "the strongest unit's heatmap");

		browsed.browser().probe(5, 60);
		assertEquals(1, heatmaps(image), "a new point replaces the heatmap");

		// a dictionary in which the strongest resnet unit at the point is neuron R1
		// with a vit unit
		String top = units.getStringValue("layer", 0) + "," + (int) units.getValue(
			"unit", 0);
		Path dictionary = temp.resolve("dictionary.csv");
		Files.writeString(dictionary, RosettaDictionary.CSV_HEADER +
			"\nR1,resnet-shapes," + top + ",0.7,1\n" +
			"R1,vit-shapes,blocks.2,5,0.7,1\n");
		ResultsTable matched = run(inputs(image, dictionary, 34, 20)).units();
		assertEquals("R1: vit-shapes:blocks.2:5", matched.getStringValue("rosetta",
			0));
	}

	@Test
	void badInputsGetOneClearMessage() throws Exception {
		ImagePlus image = IJ.openImage(TestZoo.FIRST_IMAGE.toString());
		String outside = assertThrows(IllegalArgumentException.class, () -> run(
			inputs(image, null, 64, 3))).getMessage();
		assertTrue(outside.contains("(64, 3) lies outside the 64×64 image"),
			outside);
		Path notADictionary = Files.writeString(temp.resolve("tally.csv"),
			"unit,label\n1,red\n");
		String wrong = assertThrows(IllegalArgumentException.class, () -> run(
			inputs(image, notADictionary, 3, 3))).getMessage();
		assertTrue(wrong.contains("is not a Rosetta dictionary"), wrong);
		String none = assertThrows(IllegalArgumentException.class, () -> run(inputs(
			null, null, 3, 3))).getMessage();
		assertTrue(none.contains("needs an open image"), none);
	}

	@Test
	void dissectionLabelsNameTheUnits() throws Exception {
		ImagePlus image = IJ.openImage(TestZoo.FIRST_IMAGE.toString());
		UnitBrowserCommand browsed = run(inputs(image, null, 34, 20));
		String layer = browsed.units().getStringValue("layer", 0);
		int unit = (int) browsed.units().getValue("unit", 0);
		// a tally as Network Dissection writes it (units counted from 1), in the
		// batch's <model>/<layer>/ layout
		Path tally = Files.createDirectories(temp.resolve("dissect/resnet-shapes")
			.resolve(layer)).resolve("tally.csv");
		Files.writeString(tally, "unit,category,label,score\n" + (unit + 1) +
			",color,red-c,0.31\n");
		Map<String, Object> withLabels = inputs(image, null, 34, 20);
		withLabels.put("dissection", temp.resolve("dissect").toFile());
		ResultsTable units = run(withLabels).units();
		assertEquals("red-c (color, IoU 0.310)", units.getStringValue("dissection",
			0));
		assertEquals("", units.getStringValue("dissection", 3),
			"the vit units have no dissection here");

		Files.writeString(tally,
			"unit,category,label,score\nfirst,color,red-c,0.31\n");
		String damaged = assertThrows(IllegalArgumentException.class, () -> run(
			withLabels)).getMessage();
		assertTrue(damaged.contains("tally.csv:2: unit 'first' is not an integer"),
			damaged);
	}

	private static long heatmaps(ImagePlus image) {
		return Arrays.stream(image.getOverlay().toArray()).map(Roi::getName).filter(
			Heatmaps.HEATMAP_NAME::equals).count();
	}
}
