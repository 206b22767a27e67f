
package io.github.rosettaneurons.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ij.IJ;
import ij.ImagePlus;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.FolderSource;
import io.github.rosettaneurons.data.Preprocessor;
import io.github.rosettaneurons.data.StackSource;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;

/**
 * ImageJ 1.54p as a real client: macros call the command by its menu label,
 * exactly as users record them.
 */
class ImageJMacroIT {

	private static final Path ROOT = Paths.get("").toAbsolutePath();
	private static final Set<String> SHIPPED_MACROS_RUN = ConcurrentHashMap
		.newKeySet();

	@TempDir
	Path temp;

	/**
	 * Runs macros/{@code name} as shipped, with the repository (or
	 * {@code argument}) as its argument.
	 */
	private RealImageJ.Run runShipped(String name, String argument)
		throws Exception
	{
		SHIPPED_MACROS_RUN.add(name);
		RealImageJ imagej = new RealImageJ(Files.createTempDirectory(temp,
			"ImageJ"));
		return imagej.runMacro(Files.readString(ROOT.resolve("macros").resolve(
			name)), argument);
	}

	@AfterAll
	static void everyShippedMacroWasRun() throws Exception {
		// a run filtered down to one test (-Dit.test=ImageJMacroIT#name) cannot
		// judge coverage
		Assumptions.assumeTrue(SHIPPED_MACROS_RUN.size() > 1, "filtered run");
		try (Stream<Path> macros = Files.list(ROOT.resolve("macros"))) {
			Set<String> shipped = macros.map(p -> p.getFileName().toString()).filter(
				n -> n.endsWith(".ijm")).collect(Collectors.toSet());
			assertEquals(shipped, SHIPPED_MACROS_RUN,
				"every macro in macros/ has a test here that runs it");
		}
	}

	@Test
	void extractActivationsMacroWritesTheExpectedHyperstack() throws Exception {
		RealImageJ imagej = new RealImageJ(temp.resolve("ImageJ"));
		Path out = temp.resolve("out");
		RealImageJ.Run run = imagej.runMacro(String.join("\n",
			"setBatchMode(true);", "open('" + TestZoo.FIRST_IMAGE + "');",
			"run('Extract Activations', 'model=[" + TestZoo.folder("resnet-shapes") +
				"] image=scene_0.png " +
				"layers=layer3 unit=2 opacity=0.5 lut=fire output=[" + out + "]');",
			"selectImage('resnet-shapes layer3');",
			"Stack.getDimensions(width, height, channels, slices, frames);",
			"print('RESULT ' + width + 'x' + height + ' channels=' + channels + ' frames=' + frames);",
			"selectImage('scene_0.png');", "print('OVERLAY ' + Overlay.size);"));
		assertEquals(0, run.exitCode(), run.output());
		ImagePlus saved = IJ.openImage(out.resolve("resnet-shapes_layer3.tif")
			.toString());
		assertTrue(run.output().contains("RESULT " + saved.getWidth() + "x" + saved
			.getHeight() + " channels=" + saved.getNChannels() + " frames=1"), run
				.output());
		assertTrue(run.output().contains("OVERLAY 1"), run.output());

		ModelPackage modelPackage = TestZoo.open("resnet-shapes");
		try (Network network = modelPackage.load();
				NDManager scope = network.newScope())
		{
			ImagePlus image = IJ.openImage(TestZoo.FIRST_IMAGE.toString());
			NDArray input = new Preprocessor(modelPackage.manifest()).toBatch(scope,
				List.of(new StackSource(image).get(0)));
			float[] expected = network.activations(input, modelPackage.manifest()
				.layers("layer3")).get("layer3").toFloatArray();
			int plane = saved.getWidth() * saved.getHeight();
			for (int unit = 0; unit < saved.getNChannels(); unit++) {
				float[] pixels = (float[]) saved.getStack().getProcessor(unit + 1)
					.getPixels();
				for (int i = 0; i < plane; i++)
					assertEquals(expected[unit * plane + i], pixels[i], 1e-5, "unit " +
						unit);
			}
		}
	}

	@Test
	void badModelAbortsTheMacroWithOneMessageAndNoOutput() throws Exception {
		RealImageJ imagej = new RealImageJ(temp.resolve("ImageJ"));
		Path out = temp.resolve("out");
		RealImageJ.Run run = imagej.runMacro(String.join("\n",
			"run('Extract Activations', 'model=[" + temp.resolve("missing-model") +
				"] folder=[" + TestZoo.IMAGES + "] output=[" + out + "]');",
			"print('AFTER the failing command');"));
		assertTrue(run.output().contains("Extract Activations: " + temp.resolve(
			"missing-model") + ": no such model package"), run.output());
		assertFalse(run.output().contains("AFTER the failing command"),
			"the macro stops: " + run.output());
		assertFalse(Files.exists(out));
	}

	@Test
	void shippedExampleMacroRuns() throws Exception {
		RealImageJ.Run run = runShipped("extract_activations.ijm", ROOT.toString());
		assertEquals(0, run.exitCode(), run.output());
		int units = unitsOf("resnet-scenes", "layer3");
		assertTrue(run.output().contains("layer3: " + units + " units"), run
			.output());
	}

	@Test
	void shippedMiningMacroFindsNeuronsAndShowsThem() throws Exception {
		RealImageJ.Run run = runShipped("mine_rosetta_neurons.ijm", ROOT
			.toString());
		assertEquals(0, run.exitCode(), run.output());
		java.util.regex.Matcher neurons = java.util.regex.Pattern.compile(
			"Rosetta neurons: (\\d+)").matcher(run.output());
		assertTrue(neurons.find(), run.output());
		assertTrue(Integer.parseInt(neurons.group(1)) > 0, run.output());
		assertTrue(run.output().contains("heatmaps: 3 models"), run.output());
	}

	@Test
	void shippedSpectralMacroGroupsTheSceneIntoTwoSegments() throws Exception {
		RealImageJ.Run run = runShipped("spectral_grouping.ijm", ROOT.toString());
		assertEquals(0, run.exitCode(), run.output());
		assertTrue(run.output().contains("eigenvectors: 4 components of 24x24"), run
			.output());
		assertTrue(run.output().contains("segments: 2 labels on 96x96"), run
			.output());
		assertTrue(run.output().contains("overlay: 1"), run.output());
	}

	@Test
	void shippedBatchMacroResumesWithoutRedoingFinishedImages() throws Exception {
		Path input = Files.createDirectories(temp.resolve("images"));
		for (String image : List.of("scene_0.png", "scene_1.png"))
			Files.copy(TestZoo.V2_IMAGES.resolve(image), input.resolve(image));
		Path out = temp.resolve("batch");
		String argument = "root=[" + ROOT + "] input=[" + input + "] output=[" +
			out + "]";
		RealImageJ.Run first = runShipped("batch_folder.ijm", argument);
		assertEquals(0, first.exitCode(), first.output());
		assertTrue(first.output().contains("batch: 5 done, 0 skipped"), first
			.output());
		Path maps = out.resolve(
			"extract/vit-scenes/scene_1.png/vit-scenes_blocks.2.tif");
		assertEquals(unitsOf("vit-scenes", "blocks.2"), IJ.openImage(maps
			.toString()).getNChannels());
		assertTrue(Files.isRegularFile(out.resolve("mine/dictionary.csv")));
		var written = Files.getLastModifiedTime(maps);

		Files.copy(TestZoo.V2_IMAGES.resolve("scene_2.png"), input.resolve(
			"scene_2.png"));
		RealImageJ.Run second = runShipped("batch_folder.ijm", argument);
		assertEquals(0, second.exitCode(), second.output());
		assertTrue(second.output().contains("batch: 2 done, 5 skipped"), second
			.output());
		assertEquals(written, Files.getLastModifiedTime(maps),
			"finished results are left alone");
		List<String> summary = Files.readAllLines(out.resolve("summary-macro.csv"));
		assertEquals(8, summary.size(), String.join("\n", summary));
	}

	@Test
	void shippedUnitBrowserMacroListsUnitsAndOverlaysOne() throws Exception {
		RealImageJ.Run run = runShipped("unit_browser.ijm", ROOT.toString());
		assertEquals(0, run.exitCode(), run.output());
		assertEquals(6, run.output().lines().filter(line -> line.contains(
			" unit ") && line.contains(": z = ")).count(), run.output());
		assertTrue(run.output().contains("overlay: 1 heatmap"), run.output());
	}

	@Test
	void shippedInversionMacroInvertsAndEdits() throws Exception {
		RealImageJ.Run run = runShipped("invert_image.ijm", ROOT.toString());
		assertEquals(0, run.exitCode(), run.output());
		java.util.regex.Matcher inverted = java.util.regex.Pattern.compile(
			"inverted: scene_1 in scene-generator 96x96, loss (\\S+) -> (\\S+)")
			.matcher(run.output());
		assertTrue(inverted.find(), run.output());
		assertTrue(Double.parseDouble(inverted.group(2)) < Double.parseDouble(
			inverted.group(1)) - 1, run.output());
		assertTrue(run.output().contains(
			"edited: trajectory of 5 slices, the last step 40"), run.output());
	}

	@Test
	void shippedDescribeMacroDescribesEveryUnitItAsksFor() throws Exception {
		RealImageJ.Run run = runShipped("describe_neurons.ijm", ROOT.toString());
		assertEquals(0, run.exitCode(), run.output());
		for (int unit = 0; unit < 8; unit++)
			assertTrue(java.util.regex.Pattern.compile("unit " + unit +
				": [a-z]+ \\(\\d").matcher(run.output()).find(), "unit " + unit + ": " +
					run.output());
		assertTrue(run.output().contains("panels: 8 units"), run.output());
	}

	/** Units of a zoo v2 model's layer, as the shipped macros use them. */
	private static int unitsOf(String model, String layer) {
		ModelPackage modelPackage = ModelPackage.open(TestZoo.V2_ZOO.resolve(
			model));
		try (Network network = modelPackage.load();
				NDManager scope = network.newScope())
		{
			NDArray input = scope.zeros(new ai.djl.ndarray.types.Shape(1, 3,
				modelPackage.manifest().height(), modelPackage.manifest().width()));
			return (int) network.activations(input, modelPackage.manifest().layers(
				layer)).get(layer).getShape().get(1);
		}
	}

	@Test
	void folderMacroGivesOneFramePerImage() throws Exception {
		RealImageJ imagej = new RealImageJ(temp.resolve("ImageJ"));
		RealImageJ.Run run = imagej.runMacro(String.join("\n",
			"setBatchMode(true);", "run('Extract Activations', 'model=[" + TestZoo
				.folder("vit-shapes") + "] folder=[" + TestZoo.IMAGES +
				"] layers=blocks.3');",
			"Stack.getDimensions(width, height, channels, slices, frames);",
			"print('FRAMES ' + frames);"));
		assertEquals(0, run.exitCode(), run.output());
		assertTrue(run.output().contains("FRAMES " + new FolderSource(
			TestZoo.IMAGES).size()), run.output());
	}

	@Test
	void shippedDissectionMacroNamesShapeUnits() throws Exception {
		RealImageJ.Run run = runShipped("dissect_units.ijm", ROOT.toString());
		assertEquals(0, run.exitCode(), run.output());
		java.util.regex.Matcher units = java.util.regex.Pattern.compile(
			"layer4 interpretable units: (\\d+)").matcher(run.output());
		assertTrue(units.find(), run.output());
		assertTrue(Integer.parseInt(units.group(1)) > 0, run.output());
		assertTrue(run.output().matches(
			"(?s).*best layer4 unit: (house|tree|mushroom|arrow|roof|wall|crown|trunk|cap|stem|head|shaft) .*"),
			run.output());
	}
}
