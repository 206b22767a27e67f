
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

import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.BrodenDataset;

class DissectCliTest {

	@TempDir
	Path temp;

	@Test
	void dissectWritesTallyAndReportAndChecksItsArguments() throws IOException {
		Path out = temp.resolve("dissect");
		String concepts = TestZoo.ROOT.resolve("concepts").toString();
		String[] args = { "dissect", "--model", TestZoo.folder("resnet-shapes")
			.toString(), "--concepts", concepts, "--out", out.toString(), "--layers",
			"layer2", "--union", "original", "--level", "exact", "--top", "0",
			"--categories", "color,texture" };
		java.io.PrintStream console = System.err;
		java.io.ByteArrayOutputStream progress =
			new java.io.ByteArrayOutputStream();
		System.setErr(new java.io.PrintStream(progress, true,
			java.nio.charset.StandardCharsets.UTF_8));
		try {
			assertEquals(0, RosettaCli.run(args));
		}
		finally {
			System.setErr(console);
		}
		List<String> tally = Files.readAllLines(out.resolve("layer2/tally.csv"));
		assertEquals(33, tally.size(), "header and 32 units");
		assertTrue(tally.get(0).endsWith("texture-intersect,texture-iou"), tally
			.get(0));
		assertFalse(tally.get(0).contains("object"), "only the chosen categories");
		List<String> thresholds = Files.readAllLines(out.resolve(
			"layer2/thresholds.csv"));
		assertEquals("unit,threshold", thresholds.get(0));
		assertEquals(33, thresholds.size(), "one threshold per unit");
		for (int unit = 1; unit <= 32; unit++) {
			String[] cells = thresholds.get(unit).split(",");
			assertEquals(String.valueOf(unit), cells[0], "units 1-based, in order");
			assertTrue(Double.isFinite(Double.parseDouble(cells[1])), thresholds.get(
				unit));
		}
		assertTrue(thresholds.stream().skip(1).map(line -> line.split(",")[1])
			.distinct().count() > 1, "per unit");
		java.util.regex.Matcher unitLines = java.util.regex.Pattern.compile(
			"\\[(\\d+)/(\\d+)\\] .*unit (\\d+) of (\\d+)").matcher(progress.toString(
				java.nio.charset.StandardCharsets.UTF_8));
		int reports = 0;
		while (unitLines.find()) {
			reports++;
			assertEquals(unitLines.group(1) + "/" + unitLines.group(2), unitLines
				.group(3) + "/" + unitLines.group(4),
				"the counter agrees with the unit named: " + unitLines.group());
		}
		assertEquals(32, reports, "a progress line per unit of the report");
		assertTrue(Files.isRegularFile(out.resolve("report.html")));
		assertEquals(1, RosettaCli.run(args),
			"the output folder is not empty: nothing is overwritten");

		assertEquals(2, RosettaCli.run(new String[] { "dissect", "--model", "m",
			"--concepts", concepts, "--out", temp.resolve("x").toString(), "--union",
			"both" }));
		assertEquals(1, RosettaCli.run(new String[] { "dissect", "--model", TestZoo
			.folder("resnet-shapes").toString(), "--concepts", temp.toString(),
			"--out", temp.resolve("y").toString() }));
		assertFalse(Files.exists(temp.resolve("y")));
	}

	@Test
	void syntheticConceptSetIsAValidBrodenSet() throws IOException {
		SyntheticConcepts.write(temp.resolve("synthetic"), 3, 32, 16, 0);
		BrodenDataset set = BrodenDataset.open(temp.resolve("synthetic"));
		assertEquals(3, set.size());
		assertEquals(SyntheticConcepts.COLOURS + SyntheticConcepts.OBJECTS +
			SyntheticConcepts.PARTS + SyntheticConcepts.TEXTURES, set.labels()
				.size());
		var masks = set.readMasks(0);
		assertEquals(3, masks.layers().size());
		assertEquals(1, masks.imageLabels().size());
		assertEquals("texture", masks.imageLabels().get(0).category());
		assertTrue(java.util.Arrays.stream(masks.layers().get(0).labels()).allMatch(
			l -> l >= 1 && l <= 8), "every pixel has a colour");
	}
}
