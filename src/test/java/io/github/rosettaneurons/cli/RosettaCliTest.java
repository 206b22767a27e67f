
package io.github.rosettaneurons.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.FolderSource;

class RosettaCliTest {

	@TempDir
	Path temp;

	@Test
	void demoRunsTheWholeSampleZooAndRefusesToOverwrite() throws IOException {
		Path out = temp.resolve("demo");
		assertEquals(0, RosettaCli.run(firstZooDemo(out, false)));
		List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
		int images = new FolderSource(TestZoo.IMAGES).size();
		int expectedRows = 0;
		for (Path folder : TestZoo.packages()) {
			var manifest = io.github.rosettaneurons.engine.ModelPackage.open(folder)
				.manifest();
			boolean generator = manifest.generator() != null;
			expectedRows += generator ? 1 : manifest.layers().size();
			Path modelOut = out.resolve(manifest.name());
			if (generator) {
				ImagePlus samples = IJ.openImage(modelOut.resolve("samples.png")
					.toString());
				assertNotNull(samples, manifest.name());
				assertEquals(24, samples.getBitDepth());
			}
			else {
				var last = manifest.layers().get(manifest.layers().size() - 1);
				assertTrue(Files.isRegularFile(modelOut.resolve("heatmap-" + last
					.name() + ".png")), manifest.name());
				ImagePlus stack = IJ.openImage(modelOut.resolve(last.name().replaceAll(
					"[^A-Za-z0-9._-]+", "_") + ".tif").toString());
				assertEquals(images, stack.getNFrames(), manifest.name());
			}
		}
		assertEquals(expectedRows + 1, summary.size(), String.join("\n", summary));
		List<String> dictionary = Files.readAllLines(out.resolve(
			"rosetta/dictionary.csv"));
		assertTrue(dictionary.size() > 4 && dictionary.get(1).startsWith(
			"R1,world-generator,"), "Rosetta neurons mined");
		assertTrue(Files.isRegularFile(out.resolve("rosetta/rosetta-neurons.png")));
		List<String> tally = Files.readAllLines(out.resolve(
			"dissect/resnet-shapes/layer4/tally.csv"));
		assertEquals(1 + 128, tally.size(), "every unit of layer4 dissected");
		assertTrue(Files.isRegularFile(out.resolve(
			"dissect/resnet-shapes/report.html")));
		for (Path image : new FolderSource(TestZoo.IMAGES).files())
			assertTrue(Files.isRegularFile(out.resolve("spectral").resolve(image
				.getFileName().toString()).resolve("segments.tif")), "a grouping of " +
					image.getFileName());
		ValidityTest.checkValidityCsv(out.resolve("validity.csv"), java.util.Set.of(
			"dissect", "rosetta", "spectral", "describe", "inversion"));
		assertEquals(1, RosettaCli.run(firstZooDemo(out, false)),
			"a second run must not overwrite");
		assertEquals(0, RosettaCli.run(firstZooDemo(out, true)));
	}

	/**
	 * The demo on the first sample zoo, whose packages it names (the defaults are
	 * zoo v2's).
	 */
	private static String[] firstZooDemo(Path out, boolean overwrite) {
		List<String> args = new java.util.ArrayList<>(List.of("demo", "--zoo",
			TestZoo.ZOO.toString(), "--images", TestZoo.IMAGES.toString(), "--out",
			out.toString(), "--anchor", "world-generator", "--mine",
			"resnet-shapes,vit-shapes,autoencoder-encoder", "--cnn", "resnet-shapes",
			"--cnn-control", "resnet-shapes-random", "--vit", "vit-shapes",
			"--vit-control", "vit-shapes-random"));
		if (overwrite) args.add("--overwrite");
		return args.toArray(String[]::new);
	}

	@Test
	void extractWritesOneTiffPerLayer() {
		Path out = temp.resolve("extract");
		assertEquals(0, RosettaCli.run(new String[] { "extract", "--model", TestZoo
			.folder("resnet-shapes").toString(), "--input", TestZoo.FIRST_IMAGE
				.toString(), "--layers", "layer1,layer4", "--out", out.toString() }));
		assertTrue(Files.isRegularFile(out.resolve("resnet-shapes_layer1.tif")));
		assertTrue(Files.isRegularFile(out.resolve("resnet-shapes_layer4.tif")));
	}

	@Test
	void exitCodesSeparateUsageFromFailure() {
		assertEquals(2, RosettaCli.run(new String[] {}));
		assertEquals(2, RosettaCli.run(new String[] { "mine-gold" }));
		assertEquals(2, RosettaCli.run(new String[] { "extract", "--colour",
			"red" }));
		assertEquals(2, RosettaCli.run(new String[] { "extract", "--input", "x" }));
		Path out = temp.resolve("never");
		assertEquals(1, RosettaCli.run(new String[] { "extract", "--model", temp
			.resolve("no-model").toString(), "--input", TestZoo.IMAGES.toString(),
			"--out", out.toString() }));
		assertFalse(Files.exists(out));
	}
}
