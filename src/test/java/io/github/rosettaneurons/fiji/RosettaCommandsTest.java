
package io.github.rosettaneurons.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.PictureLabels;

/**
 * Mine Rosetta Neurons and Show Rosetta Neuron through CommandService, as Fiji
 * runs them.
 */
class RosettaCommandsTest {

	@TempDir
	Path temp;

	private static String models() {
		return TestZoo.folder("vit-shapes") + "," + TestZoo.folder(
			"autoencoder-encoder");
	}

	private static Map<String, Object> mineInputs(File output) {
		Map<String, Object> inputs = new HashMap<>();
		inputs.put("anchor", TestZoo.folder("resnet-shapes").toFile());
		inputs.put("models", models());
		inputs.put("folder", TestZoo.IMAGES.toFile());
		inputs.put("samples", 0);
		inputs.put("seed", 0);
		inputs.put("category", -1);
		inputs.put("batch", 4);
		inputs.put("rule", "strict_mutual");
		inputs.put("minimum", 0.0);
		inputs.put("examples", 2);
		inputs.put("output", output);
		return inputs;
	}

	@Test
	void mineThenShowANeuronOnAnImage() {
		Path out = temp.resolve("mined");
		CommandModule module = new CommandBridge(MineRosettaCommand.class).execute(
			PluginContext.get(), mineInputs(out.toFile()));
		MineRosettaCommand mine = (MineRosettaCommand) module.getCommand();
		ResultsTable dictionary = mine.dictionary();
		assertTrue(dictionary.size() >= 3, "at least one neuron (3 rows)");
		assertEquals("resnet-shapes", dictionary.getStringValue("model", 0));
		assertEquals("R1", dictionary.getStringValue("rosetta_id", 0));
		assertEquals(2, (mine.pictures().getHeight() - PictureLabels.bandHeight(
			1)) / (128 + PictureLabels.bandHeight(2)),
			"two example rows of labelled tiles under the model names");

		Map<String, Object> show = new HashMap<>();
		show.put("dictionary", out.resolve("dictionary.csv").toFile());
		show.put("neuron", 1);
		ImagePlus image = IJ.openImage(TestZoo.FIRST_IMAGE.toString());
		show.put("image", image);
		show.put("models", TestZoo.folder("resnet-shapes") + "," + models());
		show.put("opacity", 0.5);
		show.put("lut", "fire");
		ImagePlus heatmaps = ((ShowRosettaCommand) new CommandBridge(
			ShowRosettaCommand.class).execute(PluginContext.get(), show).getCommand())
			.heatmaps();
		assertEquals(3, heatmaps.getStackSize(), "one heatmap per model");
		assertEquals(image.getWidth(), heatmaps.getWidth());
		assertTrue(heatmaps.getStack().getSliceLabel(1).startsWith(
			"R1 resnet-shapes:"), heatmaps.getStack().getSliceLabel(1));

		show.put("models", models());
		ImagePlus partial = ((ShowRosettaCommand) new CommandBridge(
			ShowRosettaCommand.class).execute(PluginContext.get(), show).getCommand())
			.heatmaps();
		assertEquals(2, partial.getStackSize(), "models not given are left out");
		show.put("models", TestZoo.folder("resnet-shapes-random").toString());
		String none = assertThrows(IllegalArgumentException.class,
			() -> new CommandBridge(ShowRosettaCommand.class).execute(PluginContext
				.get(), show)).getMessage();
		assertTrue(none.contains(
			"none of them is an image model among the packages given (resnet-shapes-random)"),
			none);
	}

	@Test
	void cancelledMiningLeavesNoFiles() throws Exception {
		Path out = temp.resolve("cancelled");
		CommandModule module = CancelledRun.of(MineRosettaCommand.class, mineInputs(
			out.toFile()));
		assertTrue(module.isCanceled());
		assertFalse(Files.exists(out),
			"the output folder it created is removed again");
	}

	@Test
	void nonGeneratorAnchorWithoutImagesIsExplained() {
		Map<String, Object> inputs = mineInputs(temp.resolve("x").toFile());
		inputs.put("folder", null);
		String message = assertThrows(IllegalArgumentException.class,
			() -> new CommandBridge(MineRosettaCommand.class).execute(PluginContext
				.get(), inputs)).getMessage();
		assertTrue(message.contains("not a generator"), message);
		assertFalse(Files.exists(temp.resolve("x")));
	}
}
