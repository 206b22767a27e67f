package io.github.rosettaneurons.fiji;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.FolderSource;
import io.github.rosettaneurons.data.Preprocessor;
import io.github.rosettaneurons.data.StackSource;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;
import ij.IJ;
import ij.ImagePlus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ImageJ 1.54p as a real client: macros call the command by its menu label, exactly as users record them. */
class ImageJMacroIT {

	@TempDir
	Path temp;

	@Test
	void extractActivationsMacroWritesTheExpectedHyperstack() throws Exception {
		RealImageJ imagej = new RealImageJ(temp.resolve("ImageJ"));
		Path out = temp.resolve("out");
		RealImageJ.Run run = imagej.runMacro(String.join("\n",
			"setBatchMode(true);",
			"open('" + TestZoo.FIRST_IMAGE + "');",
			"run('Extract Activations', 'model=[" + TestZoo.folder("resnet-shapes") + "] image=scene_0.png " +
				"layers=layer3 unit=2 opacity=0.5 lut=fire output=[" + out + "]');",
			"selectImage('resnet-shapes layer3');",
			"Stack.getDimensions(width, height, channels, slices, frames);",
			"print('RESULT ' + width + 'x' + height + ' channels=' + channels + ' frames=' + frames);",
			"selectImage('scene_0.png');",
			"print('OVERLAY ' + Overlay.size);"));
		assertEquals(0, run.exitCode(), run.output());
		ImagePlus saved = IJ.openImage(out.resolve("resnet-shapes_layer3.tif").toString());
		assertTrue(run.output().contains("RESULT " + saved.getWidth() + "x" + saved.getHeight() + " channels=" +
			saved.getNChannels() + " frames=1"), run.output());
		assertTrue(run.output().contains("OVERLAY 1"), run.output());

		ModelPackage modelPackage = TestZoo.open("resnet-shapes");
		try (Network network = modelPackage.load(); NDManager scope = network.newScope()) {
			ImagePlus image = IJ.openImage(TestZoo.FIRST_IMAGE.toString());
			NDArray input = new Preprocessor(modelPackage.manifest()).toBatch(scope, List.of(new StackSource(image).get(0)));
			float[] expected = network.activations(input, modelPackage.manifest().layers("layer3")).get("layer3").toFloatArray();
			int plane = saved.getWidth() * saved.getHeight();
			for (int unit = 0; unit < saved.getNChannels(); unit++) {
				float[] pixels = (float[]) saved.getStack().getProcessor(unit + 1).getPixels();
				for (int i = 0; i < plane; i++) assertEquals(expected[unit * plane + i], pixels[i], 1e-5, "unit " + unit);
			}
		}
	}

	@Test
	void badModelAbortsTheMacroWithOneMessageAndNoOutput() throws Exception {
		RealImageJ imagej = new RealImageJ(temp.resolve("ImageJ"));
		Path out = temp.resolve("out");
		RealImageJ.Run run = imagej.runMacro(String.join("\n",
			"run('Extract Activations', 'model=[" + temp.resolve("missing-model") + "] folder=[" + TestZoo.IMAGES +
				"] output=[" + out + "]');",
			"print('AFTER the failing command');"));
		assertTrue(run.output().contains("Extract Activations: " + temp.resolve("missing-model") + ": no such model package"),
			run.output());
		assertFalse(run.output().contains("AFTER the failing command"), "the macro stops: " + run.output());
		assertFalse(Files.exists(out));
	}

	@Test
	void shippedExampleMacroRuns() throws Exception {
		RealImageJ imagej = new RealImageJ(temp.resolve("ImageJ"));
		Path root = Paths.get("").toAbsolutePath();
		RealImageJ.Run run = imagej.runMacro(Files.readString(root.resolve("macros/extract_activations.ijm")), root.toString());
		assertEquals(0, run.exitCode(), run.output());
		int units = unitsOf("layer3");
		assertTrue(run.output().contains("layer3: " + units + " units"), run.output());
	}

	@Test
	void shippedMiningMacroFindsNeuronsAndShowsThem() throws Exception {
		RealImageJ imagej = new RealImageJ(temp.resolve("ImageJ"));
		Path root = Paths.get("").toAbsolutePath();
		RealImageJ.Run run = imagej.runMacro(Files.readString(root.resolve("macros/mine_rosetta_neurons.ijm")), root.toString());
		assertEquals(0, run.exitCode(), run.output());
		java.util.regex.Matcher neurons = java.util.regex.Pattern.compile("Rosetta neurons: (\\d+)").matcher(run.output());
		assertTrue(neurons.find(), run.output());
		assertTrue(Integer.parseInt(neurons.group(1)) > 0, run.output());
		assertTrue(run.output().contains("heatmaps: 3 models"), run.output());
	}

	@Test
	void shippedSpectralMacroGroupsTheSceneIntoTwoSegments() throws Exception {
		RealImageJ imagej = new RealImageJ(temp.resolve("ImageJ"));
		Path root = Paths.get("").toAbsolutePath();
		RealImageJ.Run run = imagej.runMacro(Files.readString(root.resolve("macros/spectral_grouping.ijm")), root.toString());
		assertEquals(0, run.exitCode(), run.output());
		assertTrue(run.output().contains("eigenvectors: 4 components of 16x16"), run.output());
		assertTrue(run.output().contains("segments: 2 labels on 64x64"), run.output());
		assertTrue(run.output().contains("overlay: 1"), run.output());
	}

	private static int unitsOf(String layer) {
		ModelPackage modelPackage = TestZoo.open("resnet-shapes");
		try (Network network = modelPackage.load(); NDManager scope = network.newScope()) {
			NDArray input = scope.zeros(new ai.djl.ndarray.types.Shape(1, 3, modelPackage.manifest().height(),
				modelPackage.manifest().width()));
			return (int) network.activations(input, modelPackage.manifest().layers(layer)).get(layer).getShape().get(1);
		}
	}

	@Test
	void folderMacroGivesOneFramePerImage() throws Exception {
		RealImageJ imagej = new RealImageJ(temp.resolve("ImageJ"));
		RealImageJ.Run run = imagej.runMacro(String.join("\n",
			"setBatchMode(true);",
			"run('Extract Activations', 'model=[" + TestZoo.folder("vit-shapes") + "] folder=[" + TestZoo.IMAGES +
				"] layers=blocks.3');",
			"Stack.getDimensions(width, height, channels, slices, frames);",
			"print('FRAMES ' + frames);"));
		assertEquals(0, run.exitCode(), run.output());
		assertTrue(run.output().contains("FRAMES " + new FolderSource(TestZoo.IMAGES).size()), run.output());
	}
}
