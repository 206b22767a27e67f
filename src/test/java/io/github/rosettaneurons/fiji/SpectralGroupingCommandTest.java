
package io.github.rosettaneurons.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

import ij.IJ;
import ij.ImagePlus;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.spectral.SpectralPictures;

/** Spectral Grouping through CommandService, as Fiji runs it. */
class SpectralGroupingCommandTest {

	@TempDir
	Path temp;

	private static Map<String, Object> inputs(ImagePlus image, Path output) {
		Map<String, Object> inputs = new HashMap<>();
		inputs.put("model", TestZoo.folder("resnet-shapes").toFile());
		inputs.put("image", image);
		inputs.put("folder", null);
		inputs.put("layers", "layer2,layer3");
		inputs.put("graph", "knn");
		inputs.put("eigenvectors", 3);
		inputs.put("steps", 40);
		inputs.put("segments", 0);
		inputs.put("dataset", false);
		inputs.put("seed", 0);
		inputs.put("opacity", 0.5);
		inputs.put("output", output == null ? null : output.toFile());
		return inputs;
	}

	@Test
	void groupsAnImageIntoEigenvectorsColoursSegmentsAndAnOverlay() {
		ImagePlus image = IJ.openImage(TestZoo.FIRST_IMAGE.toString());
		Path out = temp.resolve("out");
		CommandModule module = new CommandBridge(SpectralGroupingCommand.class)
			.execute(PluginContext.get(), inputs(image, out));
		SpectralGroupingCommand command = (SpectralGroupingCommand) module
			.getCommand();
		ImagePlus eigenvectors = command.results().get(0);
		assertEquals(3, eigenvectors.getNChannels(), "one channel per eigenvector");
		assertEquals(16, eigenvectors.getWidth(),
			"the finest layer's grid (layer2)");
		assertEquals(3, command.eigenvectorMaps().dimension(2));
		ImagePlus colours = command.results().get(1);
		assertEquals(ImagePlus.COLOR_RGB, colours.getType());
		assertEquals(image.getWidth(), colours.getWidth());
		ImagePlus segments = command.results().get(2);
		double max = segments.getProcessor().getStatistics().max;
		assertTrue(max >= 1 && max <= 9, "2..10 segments chosen by silhouette: " +
			max);
		assertEquals(1, image.getOverlay().size());
		assertTrue(Files.exists(out.resolve(
			"resnet-shapes_spectral_segments.tif")));
		String stem = SpectralPictures.stem(image.getTitle());
		ImagePlus labelled = IJ.openImage(out.resolve(stem + "_segments.png")
			.toString());
		assertEquals(ImagePlus.COLOR_RGB, labelled.getType());
		assertTrue(labelled.getHeight() > segments.getHeight(),
			"the segments over a band naming the image and k");
	}

	@Test
	void datasetModeSharesComponentsAcrossAFolder() {
		Map<String, Object> inputs = inputs(null, null);
		inputs.put("folder", TestZoo.IMAGES.toFile());
		inputs.put("dataset", true);
		inputs.put("segments", 3);
		inputs.put("steps", 10);
		SpectralGroupingCommand command =
			(SpectralGroupingCommand) new CommandBridge(SpectralGroupingCommand.class)
				.execute(PluginContext.get(), inputs).getCommand();
		ImagePlus eigenvectors = command.results().get(0);
		int images = new io.github.rosettaneurons.data.FolderSource(TestZoo.IMAGES)
			.size();
		assertEquals(images, eigenvectors.getNFrames());
		assertEquals(images, command.results().get(2).getStackSize());
	}

	@Test
	void everyBridgeOptionIsAnInputOfTheCommand() {
		CommandBridge bridge = new CommandBridge(SpectralGroupingCommand.class);
		var info = (org.scijava.command.CommandInfo) PluginContext.get().service(
			org.scijava.command.CommandService.class).getCommand(bridge.command());
		java.util.Set<String> names = new java.util.HashSet<>();
		info.inputs().forEach(item -> names.add(item.getName()));
		for (DialogField option : bridge.fields())
			assertTrue(names.contains(option.key()), option.key());
	}

	@Test
	void generatorModelIsRefusedAndCancelLeavesNoFiles() throws Exception {
		Map<String, Object> inputs = inputs(IJ.openImage(TestZoo.FIRST_IMAGE
			.toString()), temp.resolve("x"));
		inputs.put("model", TestZoo.folder("world-generator").toFile());
		String message = assertThrows(IllegalArgumentException.class,
			() -> new CommandBridge(SpectralGroupingCommand.class).execute(
				PluginContext.get(), inputs)).getMessage();
		assertTrue(message.contains("is a generator"), message);
		inputs.put("model", TestZoo.folder("resnet-shapes").toFile());
		CommandModule cancelled = CancelledRun.of(SpectralGroupingCommand.class,
			inputs);
		assertTrue(cancelled.isCanceled());
		assertFalse(Files.exists(temp.resolve("x")));
	}
}
