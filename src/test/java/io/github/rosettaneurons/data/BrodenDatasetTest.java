
package io.github.rosettaneurons.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import io.github.rosettaneurons.TestZoo;

class BrodenDatasetTest {

	static final Path CONCEPTS = TestZoo.ROOT.resolve("concepts");

	@TempDir
	Path folder;

	@Test
	void readsTheSampleConceptSet() throws IOException {
		BrodenDataset set = BrodenDataset.open(CONCEPTS);
		assertEquals(List.of("color", "object", "part", "texture"), set
			.categories());
		assertEquals(240, set.size());
		assertEquals(17, set.labels().size());
		assertEquals(17, set.maxLabel());
		assertEquals("boundary", set.label(13).name());
		assertEquals("part", set.label(13).primaryCategory());
		assertEquals("color", set.label(1).primaryCategory());
		assertEquals("red", set.label(1).displayName());
		assertEquals("texture", set.label(15).primaryCategory());
		BrodenImage first = set.entry(0);
		assertEquals(2, first.line());
		assertEquals("world/0000.png", first.image());
		assertEquals(64, first.maskWidth());
		assertEquals(List.of("world/0000_object.png"), first.cells().get("object"));
		SourceImage image = set.readImage(0);
		assertEquals(3, image.channels().size());
		assertEquals(64, image.width());

		// scenes.csv gives each image's object shape, colours and texture: the
		// decoded masks must hold exactly those
		List<String> scenes = Files.readAllLines(CONCEPTS.resolve("scenes.csv"));
		for (int i = 0; i < 6; i++) {
			String[] scene = scenes.get(i + 1).split(",");
			ConceptMasks masks = set.readMasks(i);
			assertEquals(4, masks.layers().size());
			assertTrue(masks.imageLabels().isEmpty());
			assertEquals(64 * 64, masks.pixels());
			assertEquals(List.of(0, number(set, scene[2])), present(masks, "object"));
			assertEquals(sorted(number(set, scene[3] + "-c"), number(set, scene[4] +
				"-c")), present(masks, "color"));
			assertEquals(List.of(0, number(set, scene[5])), present(masks,
				"texture"));
			assertEquals(List.of(0, 13), present(masks, "part"));
		}
	}

	@Test
	void restrictsToChosenCategoriesAndDropsRowsWithoutLabels()
		throws IOException
	{
		Path copy = copyConcepts();
		List<String> index = new ArrayList<>(Files.readAllLines(copy.resolve(
			"index.csv")));
		index.set(1, index.get(1).replace("world/0000_part.png", ""));
		Files.write(copy.resolve("index.csv"), index);
		BrodenDataset parts = BrodenDataset.open(copy, List.of("part"));
		assertEquals(List.of("part"), parts.categories());
		assertEquals(239, parts.size());
		assertEquals("world/0001.png", parts.entry(0).image());
		assertNull(parts.label(1).primaryCategory(),
			"colours are not scored when only parts are chosen");
		assertEquals(1, parts.readMasks(0).layers().size());
		BrodenFormatException unknown = assertThrows(BrodenFormatException.class,
			() -> BrodenDataset.open(copy, List.of("scene")));
		assertTrue(unknown.getMessage().contains("no category 'scene'"), unknown
			.getMessage());
	}

	@Test
	void
		aLabelInTwoCategoriesIsScoredInTheOneWithMoreCoverageTiesGoingToTheLaterCategory()
			throws IOException
	{
		Path copy = copyConcepts();
		Path objects = copy.resolve("c_object.csv");
		List<String> original = Files.readAllLines(objects);
		List<String> more = new ArrayList<>(original);
		more.add("5,13,boundary,240,10.8");
		Files.write(objects, more);
		assertEquals("object", BrodenDataset.open(copy).label(13).primaryCategory(),
			"10.8 > part's 10.715820");
		List<String> tie = new ArrayList<>(original);
		tie.add("5,14,plain,61,54.033447");
		Files.write(objects, tie);
		assertEquals("texture", BrodenDataset.open(copy).label(14)
			.primaryCategory(), "equal coverage: the later category");
		assertEquals("object", BrodenDataset.open(copy, List.of("color", "object"))
			.label(14).primaryCategory(), "only chosen categories compete");
	}

	@Test
	void readsImageLevelLabelsAndWholeLayers() throws IOException {
		Path copy = copyConcepts();
		List<String> index = new ArrayList<>(Files.readAllLines(copy.resolve(
			"index.csv")));
		index.set(1, index.get(1).replace("world/0000_texture.png", "15;16")
			.replace("world/0000_part.png", "world/0000_part.png;13"));
		Files.write(copy.resolve("index.csv"), index);
		ConceptMasks masks = BrodenDataset.open(copy).readMasks(0);
		assertEquals(List.of(new ConceptMasks.ImageLabel("texture", 15),
			new ConceptMasks.ImageLabel("texture", 16)), masks.imageLabels());
		assertEquals(4, masks.layers().size());
		int[] whole = new int[64 * 64];
		Arrays.fill(whole, 13);
		assertEquals("part", masks.layers().get(3).category());
		assertArrayEquals(whole, masks.layers().get(3).labels(),
			"a number among mask paths fills a layer");
	}

	@Test
	void reportsEveryBadRowWithFileAndLine() throws IOException {
		Path copy = copyConcepts();
		List<String> index = new ArrayList<>(Files.readAllLines(copy.resolve(
			"index.csv")));
		index.set(3, index.get(3).replace(",64,64,64,64,", ",64,sixty,64,64,"));
		index.set(5, "world/0004.png,train,64");
		index.set(8, index.get(8).replace("world/0007_texture.png", "99"));
		Files.write(copy.resolve("index.csv"), index);
		List<String> labels = new ArrayList<>(Files.readAllLines(copy.resolve(
			"label.csv")));
		labels.set(4, labels.get(4).replace("4,yellow-c", "3,yellow-c"));
		Files.write(copy.resolve("label.csv"), labels);
		BrodenFormatException bad = assertThrows(BrodenFormatException.class,
			() -> BrodenDataset.open(copy));
		assertEquals(List.of(copy.resolve("label.csv") +
			":5: label number 3 repeated", copy.resolve("c_color.csv") +
				":5: label 4 is not in label.csv"), bad.problems(),
			"index.csv is read once the label files are sound");

		Files.write(copy.resolve("label.csv"), Files.readAllLines(CONCEPTS.resolve(
			"label.csv")));
		bad = assertThrows(BrodenFormatException.class, () -> BrodenDataset.open(
			copy));
		String file = copy.resolve("index.csv").toString();
		assertEquals(List.of(file + ":4: iw 'sixty' is not an integer", file +
			":6: 3 cells, the header has 10", file +
				":9: texture label 99 is not in label.csv"), bad.problems());
		assertTrue(bad.getMessage().contains(file + ":6:"), bad.getMessage());
	}

	@Test
	void rejectsMasksThatDisagreeWithTheIndex() throws IOException {
		Path copy = copyConcepts();
		ColorProcessor unknownLabel = new ColorProcessor(64, 64);
		unknownLabel.set(3, 2, (40 << 16) | (1 << 8));
		new FileSaver(new ImagePlus("mask", unknownLabel)).saveAsPng(copy.resolve(
			"images/world/0002_object.png").toString());
		new FileSaver(new ImagePlus("mask", new ColorProcessor(32, 64))).saveAsPng(
			copy.resolve("images/world/0003_object.png").toString());
		Files.delete(copy.resolve("images/world/0004_part.png"));
		BrodenDataset set = BrodenDataset.open(copy);
		String index = copy.resolve("index.csv") + ":";
		assertMessage(index +
			"4: mask world/0002_object.png has label 296 (pixel 3,2), which is not in label.csv",
			() -> set.readMasks(2));
		assertMessage(index +
			"5: mask world/0003_object.png is 32x64, index.csv says sw x sh = 64x64",
			() -> set.readMasks(3));
		assertMessage(index + "6: " + copy.resolve("images/world/0004_part.png") +
			" is missing", () -> set.readMasks(4));
		assertThrows(BrodenFormatException.class, () -> BrodenDataset.open(folder
			.resolve("absent")));
	}

	private static void assertMessage(String expected, Runnable read) {
		BrodenFormatException bad = assertThrows(BrodenFormatException.class,
			read::run);
		assertEquals(List.of(expected), bad.problems());
	}

	private static int number(BrodenDataset set, String name) {
		return set.labels().stream().filter(label -> label.name().equals(name))
			.findFirst().orElseThrow().number();
	}

	private static List<Integer> sorted(int a, int b) {
		return a < b ? List.of(a, b) : List.of(b, a);
	}

	private static List<Integer> present(ConceptMasks masks, String category) {
		return masks.layers().stream().filter(layer -> layer.category().equals(
			category)).flatMapToInt(layer -> Arrays.stream(layer.labels())).distinct()
			.sorted().boxed().toList();
	}

	private Path copyConcepts() throws IOException {
		Path copy = folder.resolve("concepts");
		try (Stream<Path> files = Files.walk(CONCEPTS)) {
			for (Path file : files.toList()) {
				Path target = copy.resolve(CONCEPTS.relativize(file).toString());
				if (Files.isDirectory(file)) Files.createDirectories(target);
				else Files.copy(file, target);
			}
		}
		return copy;
	}
}
