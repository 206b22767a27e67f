
package io.github.rosettaneurons.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.github.rosettaneurons.invert.MinedSampleZoo;

/**
 * The {@code invert} and {@code edit} subcommands: their files, and refusals
 * with the documented exit codes.
 */
class InversionCliTest {

	@TempDir
	Path temp;

	@Test
	void invertWritesResultTrajectoryPlotAndLossesAndNeverOverwrites()
		throws IOException
	{
		Path out = temp.resolve("inverted");
		String[] args = { "invert", "--generator", TestZoo.folder("world-generator")
			.toString(), "--model", TestZoo.folder("resnet-shapes").toString(),
			"--dictionary", MinedSampleZoo.dictionary().toString(), "--image",
			TestZoo.FIRST_IMAGE.toString(), "--out", out.toString(), "--steps", "6",
			"--lr", "0.05", "--save-every", "3" };
		assertEquals(0, RosettaCli.run(args));
		ImagePlus result = IJ.openImage(out.resolve("result.png").toString());
		assertEquals(64, result.getWidth());
		assertEquals(3, IJ.openImage(out.resolve("trajectory.tif").toString())
			.getStackSize(), "steps 0, 3 and 6");
		List<String> losses = Files.readAllLines(out.resolve("losses.csv"));
		assertEquals(8, losses.size(), "a header and steps 0 to 6");
		assertTrue(losses.get(0).contains("activation_loss"), losses.get(0));
		assertTrue(Files.isRegularFile(out.resolve("loss.png")));
		assertEquals(1, RosettaCli.run(args),
			"results exist: refused before any work");
	}

	@Test
	void zoomEditWritesTheOriginalAndAnUnknownEditIsAUsageError() {
		Path out = temp.resolve("zoomed");
		String[] args = { "edit", "--generator", TestZoo.folder("world-generator")
			.toString(), "--dictionary", MinedSampleZoo.dictionary().toString(),
			"--edit", "zoom", "--out", out.toString(), "--steps", "3" };
		assertEquals(0, RosettaCli.run(args));
		assertTrue(Files.isRegularFile(out.resolve("original.png")));
		assertFalse(Files.exists(out.resolve("original-2.png")),
			"only copy-paste has a second original");
		args[6] = "rotate";
		args[8] = temp.resolve("rotated").toString();
		assertEquals(2, RosettaCli.run(args));
		assertFalse(Files.exists(temp.resolve("rotated")));
	}
}
