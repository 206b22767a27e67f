
package io.github.rosettaneurons.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import io.github.rosettaneurons.TestZoo;

/**
 * ImageJ with its windows (under Xvfb): the plugin's menu commands on a
 * displayed image leave the overlay and the table windows a user would see;
 * their screenshots go to target/screenshots (the user guide's pictures in
 * docs/screenshots are copies of heatmap-overlay.png, unit-browser-screen.png
 * and the dialog-*.png).
 */
class GuiSmokeIT {

	@TempDir
	Path temp;

	@Test
	void commandsFromTheMenuLeaveTheirWindowsAndOverlays() throws Exception {
		Path shots = Files.createDirectories(Paths.get("target/screenshots")
			.toAbsolutePath());
		String macro;
		try (InputStream in = getClass().getResourceAsStream("/gui_smoke.ijm")) {
			macro = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		RealImageJ.Run run = new RealImageJ(temp.resolve("ImageJ"))
			.runMacroWithWindows(macro, Paths.get("").toAbsolutePath() + "|" + shots);
		Path report = shots.resolve("windows.txt");
		assertTrue(Files.isRegularFile(report), "the macro finished: " + run
			.output());
		List<String> windows = Files.readAllLines(report);
		assertTrue(windows.contains("window: Unit Browser"), "the table window: " +
			windows);
		assertTrue(windows.contains("image: resnet-scenes layer3"),
			"the activation hyperstack window: " + windows);
		assertTrue(windows.contains("image: scene_0.png"), windows.toString());
		assertTrue(windows.contains("overlay: 1"), "one heatmap on the image: " +
			windows);

		for (String name : List.of("heatmap-overlay.png",
			"unit-browser-overlay.png"))
		{
			ImagePlus shot = IJ.openImage(shots.resolve(name).toString());
			// ImageJ may show the image zoomed out to make room for other windows
			ImagePlus plain = IJ.openImage(TestZoo.V2_IMAGES.resolve("scene_0.png")
				.toString());
			plain.setProcessor(plain.getProcessor().resize(shot.getWidth(), shot
				.getHeight(), false).convertToRGB());
			assertTrue(shot.getWidth() > 200, name + " is the displayed image");
			double covered = changedShare(plain, shot);
			assertTrue(covered > 0.5, name +
				": the heatmap covers the image, but only " + covered +
				" of it changed");
		}
		ImagePlus screen = IJ.openImage(shots.resolve("unit-browser-screen.png")
			.toString());
		assertEquals(1240, screen.getWidth(),
			"the screen capture of image and table");
	}

	/**
	 * The dialog a user opens after a run: the last values, the zoo's packages,
	 * and the chosen package's layers.
	 */
	@Test
	void aDialogShowsRememberedValuesAndThePackagesLayers() throws Exception {
		Path shots = Files.createDirectories(Paths.get("target/screenshots")
			.toAbsolutePath());
		Path zoo = TestZoo.V2_ZOO;
		Process probe = new ProcessBuilder("xvfb-run", "-a", "-s",
			"-screen 0 1280x800x24", Paths.get(System.getProperty("java.home"), "bin",
				"java").toString(), "-Djava.awt.headless=false", "-cp", System
					.getProperty("java.class.path"), DialogProbe.class.getName(), Paths
						.get("").toAbsolutePath().toString(), shots.toString())
			.redirectErrorStream(true).start();
		String output = new String(probe.getInputStream().readAllBytes(),
			StandardCharsets.UTF_8);
		assertTrue(probe.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), output);
		assertEquals(0, probe.exitValue(), output);
		List<String> report = Files.readAllLines(shots.resolve("dialog.txt"));
		assertTrue(report.contains("dialog text: layer3,layer4"),
			"the remembered layers: " + report);
		assertTrue(report.contains("dialog text: 5"),
			"the remembered top images: " + report);
		String model = report.stream().filter(line -> line.startsWith(
			"dialog choice: " + zoo.resolve("resnet-scenes"))).findFirst()
			.orElseThrow(() -> new AssertionError(
				"the remembered model is selected: " + report));
		assertTrue(model.contains(" | " + zoo.resolve("vit-scenes") + " | "),
			"the zoo's packages are offered: " + model);
		assertTrue(model.endsWith(" | " + CommandDialog.BROWSE), model);
		assertTrue(report.contains("dialog button: Help"), "a Help button: " +
			report);
		assertEquals(List.of("page checkbox: layer1=false",
			"page checkbox: layer2=false", "page checkbox: layer3=true",
			"page checkbox: layer4=true"), report.stream().filter(line -> line
				.startsWith("page checkbox")).toList(),
			"the package's layers, the remembered ones ticked");
		assertTrue(ImageIO.read(shots.resolve("dialog-dissect-units.png").toFile())
			.getWidth() > 300);
	}

	/**
	 * The share of pixels that differ clearly between the plain image and the
	 * screenshot of it with its overlay.
	 */
	private static double changedShare(ImagePlus plain, ImagePlus shot) {
		int[] before = (int[]) plain.getProcessor().getPixels();
		int[] after = (int[]) shot.getProcessor().convertToRGB().getPixels();
		int changed = 0;
		for (int i = 0; i < before.length; i++) {
			for (int shift = 0; shift <= 16; shift += 8) {
				if (Math.abs(((before[i] >> shift) & 255) - ((after[i] >> shift) &
					255)) > 30)
				{
					changed++;
					break;
				}
			}
		}
		return changed / (double) before.length;
	}
}
