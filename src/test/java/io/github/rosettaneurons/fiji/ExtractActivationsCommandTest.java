
package io.github.rosettaneurons.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Roi;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.engine.ModelManifest;

/**
 * The SciJava command as Fiji runs it: through CommandService in a Context,
 * inputs given explicitly.
 */
class ExtractActivationsCommandTest {

	private static final String MODEL = "resnet-shapes";

	@TempDir
	Path temp;

	private static Map<String, Object> inputs(ImagePlus image, File folder,
		String layers, int unit, File output)
	{
		Map<String, Object> inputs = new HashMap<>();
		inputs.put("model", TestZoo.folder(MODEL).toFile());
		inputs.put("image", image);
		inputs.put("folder", folder);
		inputs.put("layers", layers);
		inputs.put("batch", 4);
		inputs.put("unit", unit);
		inputs.put("opacity", 0.4);
		inputs.put("lut", "fire");
		inputs.put("output", output);
		return inputs;
	}

	private static ExtractActivationsCommand run(Map<String, Object> inputs) {
		CommandModule module = new CommandBridge(ExtractActivationsCommand.class)
			.execute(PluginContext.get(), inputs);
		return (ExtractActivationsCommand) module.getCommand();
	}

	private static List<Path> files(Path folder) throws IOException {
		if (!Files.exists(folder)) return List.of();
		try (Stream<Path> list = Files.list(folder)) {
			return list.sorted().toList();
		}
	}

	@Test
	void imageGivesOneHyperstackPerLayerAnOverlayAndTiffs() throws IOException {
		ImagePlus image = IJ.openImage(TestZoo.FIRST_IMAGE.toString());
		Path out = temp.resolve("out");
		ExtractActivationsCommand command = run(inputs(image, null, "layer1,layer3",
			2, out.toFile()));
		List<ImagePlus> stacks = command.stacks();
		assertEquals(2, stacks.size());
		ModelManifest manifest = TestZoo.open(MODEL).manifest();
		for (ImagePlus stack : stacks) {
			assertEquals(1, stack.getNFrames(), "one frame per input image");
			assertTrue(stack.getNChannels() > 1, "units are channels");
			assertEquals(32, stack.getBitDepth());
		}
		assertTrue(stacks.get(0).getWidth() > stacks.get(1).getWidth(),
			"layer3 is coarser than layer1");
		assertEquals(MODEL + " " + manifest.layer("layer1").name(), stacks.get(0)
			.getTitle());
		Roi heatmap = image.getOverlay().get(0);
		assertTrue(heatmap instanceof ImageRoi);
		assertEquals(0.4, ((ImageRoi) heatmap).getOpacity(), 1e-9);
		assertEquals(image.getWidth(), heatmap.getBounds().width);
		List<Path> saved = files(out);
		assertEquals(2, saved.size(), "one TIFF per layer: " + saved);
		ImagePlus reread = IJ.openImage(saved.get(0).toString());
		assertEquals(stacks.get(0).getNChannels(), reread.getNChannels());
		assertEquals(stacks.get(0).getStack().getProcessor(3).getf(5, 7), reread
			.getStack().getProcessor(3).getf(5, 7));
	}

	@Test
	void folderGivesOneFramePerImage() {
		ExtractActivationsCommand command = run(inputs(null, TestZoo.IMAGES
			.toFile(), "layer4", -1, null));
		ImagePlus stack = command.stacks().get(0);
		long images;
		try (Stream<Path> list = Files.list(TestZoo.IMAGES)) {
			images = list.filter(p -> p.toString().matches(".*\\.(png|tif)$"))
				.count();
		}
		catch (IOException e) {
			throw new AssertionError(e);
		}
		assertEquals(images, stack.getNFrames());
	}

	@Test
	void existingOutputIsNeverOverwritten() throws IOException {
		ImagePlus image = IJ.openImage(TestZoo.FIRST_IMAGE.toString());
		Path out = temp.resolve("out");
		run(inputs(image, null, "layer2", -1, out.toFile()));
		List<Path> before = files(out);
		long modified = Files.getLastModifiedTime(before.get(0)).toMillis();
		String message = assertThrows(IllegalArgumentException.class, () -> run(
			inputs(image, null, "layer1,layer2", -1, out.toFile()))).getMessage();
		assertTrue(message.contains("exists already") && message.contains(
			"nothing was written"), message);
		assertEquals(before, files(out), "no partial output");
		assertEquals(modified, Files.getLastModifiedTime(before.get(0)).toMillis());
	}

	@Test
	void emptyFolderIsAClearError() throws IOException {
		Path empty = Files.createDirectories(temp.resolve("empty"));
		String message = assertThrows(IllegalArgumentException.class, () -> run(
			inputs(null, empty.toFile(), "", -1, null))).getMessage();
		assertTrue(message.contains("holds no images"), message);
	}

	@Test
	void generatorIsNotAnImageModel() {
		Map<String, Object> inputs = inputs(IJ.openImage(TestZoo.FIRST_IMAGE
			.toString()), null, "", -1, null);
		inputs.put("model", TestZoo.folder("world-generator").toFile());
		String message = assertThrows(IllegalArgumentException.class, () -> run(
			inputs)).getMessage();
		assertTrue(message.contains("is a generator"), message);
	}

	@Test
	void unitOutOfRangeIsExplained() {
		Map<String, Object> inputs = inputs(IJ.openImage(TestZoo.FIRST_IMAGE
			.toString()), null, "layer1", 100000, null);
		String message = assertThrows(IllegalArgumentException.class, () -> run(
			inputs)).getMessage();
		assertTrue(message.contains("unit 100000 does not exist"), message);
	}

	@Test
	void cancelledRunLeavesNoOutput() throws Exception {
		Path out = temp.resolve("cancelled");
		CommandModule module = CancelledRun.of(ExtractActivationsCommand.class,
			inputs(IJ.openImage(TestZoo.FIRST_IMAGE.toString()), null, "", -1, out
				.toFile()));
		assertTrue(module.isCanceled());
		assertTrue(((ExtractActivationsCommand) module.getCommand()).stacks()
			.isEmpty());
		assertEquals(List.of(), files(out));
		assertNotNull(module.getCancelReason());
	}
}
