
package io.github.rosettaneurons.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.LabelBands;
import io.github.rosettaneurons.data.PictureLabels;

/**
 * The headless batch over a folder: resumable, all-or-nothing per item, logged,
 * with exit codes.
 */
class BatchCliTest {

	@TempDir
	Path temp;

	private Path folderOf(String... images) throws IOException {
		Path folder = Files.createDirectories(temp.resolve("images"));
		for (String image : images)
			Files.copy(TestZoo.IMAGES.resolve(image), folder.resolve(image));
		return folder;
	}

	private static String[] batch(Path input, Path out, String steps,
		String... more)
	{
		List<String> args = new java.util.ArrayList<>(List.of("batch", "--input",
			input.toString(), "--out", out.toString(), "--models", TestZoo.folder(
				"resnet-shapes") + "," + TestZoo.folder("vit-shapes"), "--steps", steps,
			"--batch", "4", "--examples", "1"));
		args.addAll(List.of(more));
		return args.toArray(String[]::new);
	}

	private static List<String> summary(Path out) throws IOException {
		return Files.readAllLines(out.resolve("summary.csv"));
	}

	@Test
	void aSecondRunSkipsWhatIsFinishedAndDoesOnlyTheNewWork() throws IOException {
		Path input = folderOf("scene_0.png", "scene_1.png", "scene_2.png");
		Path out = temp.resolve("out");
		assertEquals(0, RosettaCli.run(batch(input, out, "extract,mine", "--layers",
			"layer2,layer3,blocks.1")));
		Path layer3 = out.resolve(
			"extract/resnet-shapes/scene_1.png/resnet-shapes_layer3.tif");
		ImagePlus maps = IJ.openImage(layer3.toString());
		assertEquals(64, maps.getNChannels(), "one channel per unit of layer3");
		assertTrue(Files.isRegularFile(out.resolve(
			"extract/vit-shapes/scene_2.png/vit-shapes_blocks.1.tif")));
		assertTrue(Files.readAllLines(out.resolve("mine/dictionary.csv")).get(0)
			.startsWith("rosetta_id,"));
		assertEquals(1 + 6 + 1, summary(out).size(),
			"3 images x 2 models, one mining run");
		assertTrue(summary(out).stream().skip(1).allMatch(line -> line.contains(
			",done,")), String.join("\n", summary(out)));

		FileTime written = Files.getLastModifiedTime(layer3);
		Files.copy(TestZoo.IMAGES.resolve("scene_3.png"), input.resolve(
			"scene_3.png"));
		Files.createDirectories(out.resolve(
			"extract/resnet-shapes/.scene_3.png.part/junk")); // left by a killed run
		assertEquals(0, RosettaCli.run(batch(input, out, "extract,mine", "--layers",
			"layer2,layer3,blocks.1")));
		List<String> second = summary(out);
		assertEquals(2, second.stream().filter(line -> line.contains(",done,"))
			.count(), "only scene_3, for both models");
		assertEquals(7, second.stream().filter(line -> line.contains(",skipped,"))
			.count(), String.join("\n", second));
		assertEquals(written, Files.getLastModifiedTime(layer3),
			"finished results are not rewritten");
		assertFalse(Files.exists(out.resolve(
			"extract/resnet-shapes/.scene_3.png.part")),
			"stale partial output removed");
		assertTrue(Files.readString(out.resolve("batch.log")).contains(
			"extract resnet-shapes/scene_0.png: skipped"));

		assertEquals(0, RosettaCli.run(batch(input, out, "mine", "--redo")));
		assertTrue(summary(out).get(1).startsWith("mine,\"rosetta\",done,"),
			"--redo recomputes: " + summary(out));
	}

	@Test
	void aBadImageFailsItsItemsAndTheExitCodeButNotTheOthers()
		throws IOException
	{
		Path input = folderOf("scene_0.png");
		Files.writeString(input.resolve("broken.png"), "not an image");
		Path out = temp.resolve("out");
		assertEquals(1, RosettaCli.run(batch(input, out, "extract", "--layers",
			"layer1,blocks.0")));
		List<String> lines = summary(out);
		assertEquals(2, lines.stream().filter(line -> line.contains(",done,"))
			.count(), String.join("\n", lines));
		assertTrue(lines.stream().anyMatch(line -> line.startsWith(
			"extract,\"resnet-shapes/broken.png\",failed,") && line.contains(
				"ImageJ cannot read this file")), String.join("\n", lines));
		assertFalse(Files.exists(out.resolve("extract/resnet-shapes/broken.png")),
			"no output for a failed item");
	}

	@Test
	void clusterJobsShareTheItemsWithoutOverlap() throws IOException {
		Path input = folderOf("scene_0.png", "scene_1.png", "scene_2.png");
		Path out = temp.resolve("out");
		for (String part : List.of("1/2", "2/2"))
			assertEquals(0, RosettaCli.run(batch(input, out, "extract", "--layers",
				"layer4,blocks.3", "--part", part)));
		List<String> first = Files.readAllLines(out.resolve(
			"summary-part-1-of-2.csv"));
		List<String> second = Files.readAllLines(out.resolve(
			"summary-part-2-of-2.csv"));
		assertEquals(1 + 3, first.size(), "items 1, 3, 5 of 6");
		assertEquals(1 + 3, second.size(), "items 2, 4, 6 of 6");
		assertTrue(first.stream().skip(1).noneMatch(second::contains));
		assertEquals(0, RosettaCli.run(batch(input, out, "extract", "--layers",
			"layer4,blocks.3")));
		assertEquals(6, summary(out).stream().filter(line -> line.contains(
			",skipped,")).count(), "all done by the jobs");
		assertEquals(2, RosettaCli.run(batch(input, out, "extract", "--part",
			"3/2")));
	}

	@Test
	void dissectAndDescribeStepsWriteOneResultPerModel() throws IOException {
		Path input = folderOf("scene_0.png", "scene_1.png", "scene_2.png",
			"scene_3.png");
		Path out = temp.resolve("out");
		assertEquals(0, RosettaCli.run(batch(input, out, "dissect,describe",
			"--layers", "layer4,blocks.3", "--concepts", TestZoo.ROOT.resolve(
				"concepts").toString(), "--top", "2", "--units", "0-1")),
			"dissect and describe");
		for (String model : List.of("resnet-shapes", "vit-shapes")) {
			String layer = model.startsWith("resnet") ? "layer4" : "blocks.3";
			List<String> tally = Files.readAllLines(out.resolve("dissect").resolve(
				model).resolve(layer).resolve("tally.csv"));
			assertTrue(tally.get(0).startsWith("unit,category,label,score"), model);
			assertTrue(tally.size() > 1, model + " has dissected units");
			assertEquals(1 + 2, Files.readAllLines(out.resolve("describe").resolve(
				model).resolve(layer).resolve("descriptions.csv")).size(), model +
					": units 0 and 1 described");
		}
		assertEquals(2, RosettaCli.run(batch(input, out, "describe")),
			"describe needs the concept set");
		Path words = Files.writeString(temp.resolve("words.txt"),
			"red\ngreen\nblue\nyellow\ncircle\nsquare\n");
		assertEquals(0, RosettaCli.run(batch(input, temp.resolve("worded"),
			"describe", "--layers", "layer4,blocks.3", "--words", words.toString(),
			"--units", "0-2", "--concepts", TestZoo.ROOT.resolve("concepts")
				.toString())), "the folder probed, the words as candidates");
		List<String> described = Files.readAllLines(temp.resolve(
			"worded/describe/resnet-shapes/layer4/descriptions.csv"));
		assertTrue(described.size() > 1 && described.stream().skip(1).allMatch(
			line -> List.of("red", "green", "blue", "yellow", "circle", "square")
				.stream().anyMatch(line::contains)), described.toString());
	}

	@Test
	void spectralStepGroupsEachImage() throws IOException {
		Path input = folderOf("scene_0.png", "scene_1.png");
		Path out = temp.resolve("out");
		assertEquals(0, RosettaCli.run(batch(input, out, "spectral", "--layers",
			"layer2,layer3,blocks.1", "--spectral-steps", "40", "--segments", "2")));
		for (String model : List.of("resnet-shapes", "vit-shapes"))
			for (String image : List.of("scene_0.png", "scene_1.png")) {
				ImagePlus segments = IJ.openImage(out.resolve("spectral").resolve(model)
					.resolve(image).resolve("segments.tif").toString());
				assertEquals(2, (int) segments.getStatistics().max + 1, model + " " +
					image + ": two segments (labels 0 and 1)");
				ImagePlus picture = IJ.openImage(out.resolve("spectral").resolve(model)
					.resolve(image).resolve("segments.png").toString());
				assertEquals(segments.getHeight() + PictureLabels.LINE_HEIGHT +
					PictureLabels.bandHeight(2), picture.getHeight(), model + " " +
						image + ": the segments over a colour key and a band");
				LabelBands.assertBand(picture.getProcessor(), 0, segments.getHeight() +
					PictureLabels.LINE_HEIGHT, picture.getWidth(), 2, model + " " +
						image + ": name and k");
			}
		assertEquals(4, summary(out).stream().filter(line -> line.startsWith(
			"spectral,") && line.contains(",done,")).count());
	}

	/**
	 * Runs the command line with standard error captured: the exit code and what
	 * it printed there.
	 */
	private static Object[] withStderr(String[] args) {
		java.io.PrintStream console = System.err;
		java.io.ByteArrayOutputStream captured =
			new java.io.ByteArrayOutputStream();
		System.setErr(new java.io.PrintStream(captured, true,
			java.nio.charset.StandardCharsets.UTF_8));
		try {
			return new Object[] { RosettaCli.run(args), captured.toString(
				java.nio.charset.StandardCharsets.UTF_8) };
		}
		finally {
			System.setErr(console);
		}
	}

	@Test
	void aTruncatedTiffAndACmykJpegFailTheirItemsQuietly() throws IOException {
		Path input = folderOf("scene_0.png");
		Path full = temp.resolve("full.tif");
		IJ.saveAsTiff(IJ.openImage(TestZoo.IMAGES.resolve("scene_1.png")
			.toString()), full.toString());
		Files.write(input.resolve("truncated.tif"), java.util.Arrays.copyOf(Files
			.readAllBytes(full), 4200));
		try (var cmyk = BatchCliTest.class.getResourceAsStream("/cmyk.jpg")) {
			Files.copy(cmyk, input.resolve("cmyk.jpg"));
		}
		Path out = temp.resolve("out");
		Object[] run = withStderr(batch(input, out, "extract", "--layers",
			"layer1,blocks.0"));
		assertEquals(1, run[0]);
		List<String> lines = summary(out);
		assertTrue(lines.stream().anyMatch(line -> line.startsWith(
			"extract,\"resnet-shapes/truncated.tif\",failed,") && line.contains(
				"truncated.tif: is truncated")), String.join("\n", lines));
		assertTrue(lines.stream().anyMatch(line -> line.startsWith(
			"extract,\"vit-shapes/cmyk.jpg\",failed,") && line.contains(
				"cmyk.jpg: is a CMYK JPEG")), String.join("\n", lines));
		assertEquals(2, lines.stream().filter(line -> line.contains(",done,"))
			.count(), "scene_0 for both models");
		assertFalse(((String) run[1]).contains("\tat ") || ((String) run[1])
			.contains("Exception"), "no stack trace on stderr: " + run[1]);
		assertFalse(Files.exists(out.resolve(
			"extract/resnet-shapes/truncated.tif")),
			"no output for a truncated file");
	}

	@Test
	void aFullDiskIsNamedAsTheCause() throws IOException {
		Path full = Path.of("/dev/full");
		org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full),
			"needs Linux's /dev/full");
		Path out = Files.createDirectories(temp.resolve("out"));
		Files.createSymbolicLink(out.resolve(".resnet-shapes_layer1.tif.part"),
			full); // writing there fills the disk
		Object[] run = withStderr(new String[] { "extract", "--model", TestZoo
			.folder("resnet-shapes").toString(), "--input", TestZoo.FIRST_IMAGE
				.toString(), "--out", out.toString(), "--layers", "layer1" });
		assertEquals(1, run[0]);
		String message = (String) run[1];
		assertTrue(message.contains(
			"cannot save results: No space left on device; nothing was written"),
			message);
		assertTrue(message.indexOf("No space left on device") < message.indexOf(
			"writable folder"), "cause first: " + message);
		try (var left = Files.list(out)) {
			assertEquals(List.of(), left.toList(),
				"nothing left, not even the temporary name");
		}
	}

	@Test
	void aRerunWithOtherOptionsIsRefusedNamingRedo() throws IOException {
		Path input = folderOf("scene_0.png", "scene_1.png");
		Path out = temp.resolve("out");
		assertEquals(0, RosettaCli.run(batch(input, out, "extract", "--layers",
			"layer3,blocks.1")));
		Path item = out.resolve("extract/resnet-shapes/scene_0.png");
		assertEquals(List.of("layers=layer3"), Files.readAllLines(item.resolve(
			"batch-options.txt")), "options recorded");

		assertEquals(1, RosettaCli.run(batch(input, out, "extract", "--layers",
			"layer4,blocks.1")));
		List<String> refused = summary(out);
		assertTrue(refused.stream().anyMatch(line -> line.startsWith(
			"extract,\"resnet-shapes/scene_0.png\",failed,") && line.contains(
				"layers was layer3, now layer4") && line.contains("--redo")), String
					.join("\n", refused));
		assertEquals(2, refused.stream().filter(line -> line.contains(",skipped,"))
			.count(), "the ViT items are unchanged");
		assertFalse(Files.exists(item.resolve("resnet-shapes_layer4.tif")),
			"nothing overwritten without --redo");

		assertEquals(0, RosettaCli.run(batch(input, out, "extract", "--layers",
			"layer4,blocks.1", "--redo")));
		assertTrue(Files.isRegularFile(item.resolve("resnet-shapes_layer4.tif")));
		assertFalse(Files.exists(item.resolve("resnet-shapes_layer3.tif")));
	}

	@Test
	void aSecondRunIntoTheSameFolderIsRefusedButPartsShareIt() throws Exception {
		Path input = folderOf("scene_0.png", "scene_1.png");
		Path out = Files.createDirectories(temp.resolve("out"));
		String self = ProcessHandle.current().pid() + " " + java.net.InetAddress
			.getLocalHost().getHostName() + " " + ProcessHandle.current().info()
				.startInstant().orElseThrow();
		Path running = Files.writeString(out.resolve(".batch.lock"), self); // a
																																				// live
																																				// run
																																				// holds
																																				// the
																																				// folder
		Object[] second = withStderr(batch(input, out, "extract", "--layers",
			"layer4,blocks.3"));
		assertEquals(1, second[0]);
		assertTrue(((String) second[1]).contains(
			"another batch run is writing here (process " + ProcessHandle.current()
				.pid()), (String) second[1]);
		assertFalse(Files.exists(out.resolve("extract")) || Files.exists(out
			.resolve("batch.log")), "nothing touched");
		assertEquals(1, RosettaCli.run(batch(input, out, "extract", "--layers",
			"layer4,blocks.3", "--part", "1/2")), "a part collides with a whole run");

		Files.delete(running);
		Path part = Files.writeString(out.resolve(".batch-part-1-of-2.lock"), self); // job
																																									// 1
																																									// of
																																									// 2
																																									// is
																																									// running
		assertEquals(0, RosettaCli.run(batch(input, out, "extract", "--layers",
			"layer4,blocks.3", "--part", "2/2")), "job 2 of 2 works beside it");
		assertEquals(1, RosettaCli.run(batch(input, out, "extract", "--layers",
			"layer4,blocks.3", "--part", "1/3")),
			"parts of another split would overlap");
		assertEquals(1, RosettaCli.run(batch(input, out, "extract", "--layers",
			"layer4,blocks.3")));
		assertFalse(Files.exists(out.resolve(".batch-part-2-of-2.lock")),
			"a finished run releases its lock");

		Process gone = new ProcessBuilder("true").start();
		gone.waitFor();
		Files.writeString(part, gone.pid() + " " + java.net.InetAddress
			.getLocalHost().getHostName() + " " + gone.info().startInstant().map(
				Object::toString).orElse("-")); // a job that was killed
		assertEquals(0, RosettaCli.run(batch(input, out, "extract", "--layers",
			"layer4,blocks.3")), "a stale lock is taken over");
		assertEquals(2, summary(out).stream().filter(line -> line.contains(
			",done,")).count(), "job 1's items, left undone");
		try (var locks = Files.list(out)) {
			assertTrue(locks.noneMatch(file -> file.getFileName().toString().endsWith(
				".lock")), "no lock left");
		}
	}

	@Test
	void wrongInputsAreRefusedBeforeAnyWork() throws IOException {
		Path empty = Files.createDirectories(temp.resolve("empty"));
		Path out = temp.resolve("out");
		assertEquals(1, RosettaCli.run(batch(empty, out, "extract")),
			"an empty folder");
		assertFalse(Files.exists(out),
			"nothing written for a batch that cannot start");
		assertEquals(2, RosettaCli.run(batch(folderOf("scene_0.png"), out,
			"extract,paint")), "an unknown step");
		assertEquals(2, RosettaCli.run(batch(temp.resolve("images"), out,
			"extract,dissect")), "dissect needs --concepts");
		assertEquals(1, RosettaCli.run(batch(temp.resolve("images"), out, "extract",
			"--layers", "fc9")), "no such layer");
		assertFalse(Files.exists(out), "nothing written, not even batch.log");
		assertEquals(1, RosettaCli.run(new String[] { "batch", "--input", temp
			.resolve("images").toString(), "--out", out.toString(), "--models", temp
				.resolve("no-such-model").toString() }), "a missing model package");
	}
}
