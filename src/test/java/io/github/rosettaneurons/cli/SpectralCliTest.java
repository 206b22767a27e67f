
package io.github.rosettaneurons.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.LabelBands;
import io.github.rosettaneurons.data.PictureLabels;

/**
 * The spectral subcommand: files per image, a summary table, exit codes for bad
 * input.
 */
class SpectralCliTest {

	@TempDir
	Path temp;

	@Test
	void spectralWritesThreeImagesPerInputAndATable() throws IOException {
		Path out = temp.resolve("spectral");
		String[] args = { "spectral", "--model", TestZoo.folder("vit-shapes")
			.toString(), "--input", TestZoo.FIRST_IMAGE.toString(), "--out", out
				.toString(), "--layers", "blocks.2,blocks.3", "--eigenvectors", "3",
			"--steps", "20", "--segments", "2" };
		assertEquals(0, RosettaCli.run(args));
		ImagePlus eigenvectors = IJ.openImage(out.resolve(
			"scene_0_eigenvectors.tif").toString());
		assertEquals(3, eigenvectors.getNChannels());
		assertEquals(8, eigenvectors.getWidth(),
			"vit-shapes has an 8x8 token grid");
		ImagePlus segments = IJ.openImage(out.resolve("scene_0_segments.tif")
			.toString());
		assertEquals(64, segments.getWidth());
		assertEquals(1, segments.getProcessor().getStatistics().max, 0,
			"two segments, labels 0 and 1");
		ImagePlus picture = IJ.openImage(out.resolve("scene_0_segments.png")
			.toString());
		assertEquals(64, picture.getWidth());
		int key = PictureLabels.LINE_HEIGHT;
		assertEquals(64 + key + PictureLabels.bandHeight(2), picture.getHeight(),
			"the segments over a colour key and a band");
		LabelBands.assertBand(picture.getProcessor(), 0, 64 + key, 64, 2,
			"the image's name and k");
		for (int label = 0; label < 2; label++) {
			int keyColour = picture.getProcessor().get(label * 32 + 16, 64 + key / 2);
			int p = 0;
			while (segments.getProcessor().get(p % 64, p / 64) != label)
				p++;
			assertEquals(picture.getProcessor().get(p % 64, p / 64), keyColour,
				"segment " + label + " has its key's colour");
		}
		assertNotEquals(picture.getProcessor().get(16, 64 + key / 2), picture
			.getProcessor().get(48, 64 + key / 2), "two colours in the key");
		List<String> table = Files.readAllLines(out.resolve("spectral.csv"));
		assertEquals("image,segments,loss", table.get(0));
		assertEquals("scene_0.png,2", table.get(1).substring(0, table.get(1)
			.lastIndexOf(',')));
		assertEquals(1, RosettaCli.run(args),
			"existing results are never overwritten");
	}

	@Test
	void whatPathwayGroupsFromEveryBlocksValues() throws IOException {
		Path out = temp.resolve("what");
		assertEquals(0, RosettaCli.run(new String[] { "spectral", "--model", TestZoo
			.folder("vit-shapes").toString(), "--input", TestZoo.FIRST_IMAGE
				.toString(), "--out", out.toString(), "--pathway", "what",
			"--eigenvectors", "3", "--steps", "10", "--segments", "2" }));
		assertEquals(3, IJ.openImage(out.resolve("scene_0_eigenvectors.tif")
			.toString()).getNChannels());
	}

	@Test
	void badOptionsAreRefused() {
		Path out = temp.resolve("none");
		assertEquals(2, RosettaCli.run(new String[] { "spectral", "--model", TestZoo
			.folder("vit-shapes").toString() }));
		assertEquals(1, RosettaCli.run(new String[] { "spectral", "--model", TestZoo
			.folder("vit-shapes").toString(), "--input", TestZoo.FIRST_IMAGE
				.toString(), "--out", out.toString(), "--graph", "dense" }));
		assertEquals(1, RosettaCli.run(new String[] { "spectral", "--model", TestZoo
			.folder("vit-shapes").toString(), "--input", TestZoo.FIRST_IMAGE
				.toString(), "--out", out.toString(), "--layers", "blocks.9" }));
		assertEquals(1, RosettaCli.run(new String[] { "spectral", "--model", TestZoo
			.folder("resnet-shapes").toString(), "--input", TestZoo.FIRST_IMAGE
				.toString(), "--out", out.toString(), "--pathway", "where" }),
			"no q/k/v");
		assertEquals(1, RosettaCli.run(new String[] { "spectral", "--model", TestZoo
			.folder("vit-shapes").toString(), "--input", TestZoo.FIRST_IMAGE
				.toString(), "--out", out.toString(), "--pathway", "what", "--layers",
			"blocks.1" }));
		assertFalse(Files.exists(out));
	}
}
