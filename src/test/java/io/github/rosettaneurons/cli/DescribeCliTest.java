
package io.github.rosettaneurons.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.describe.LayerReader;
import io.github.rosettaneurons.describe.Pooling;
import io.github.rosettaneurons.describe.ZooUnits;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;

/**
 * The describe subcommand with the image-text encoder backend scoring the
 * concept set's label names.
 */
class DescribeCliTest {

	static final Path CONCEPTS = TestZoo.ROOT.resolve("concepts");

	@TempDir
	Path temp;

	@Test
	void describesColourUnitsWithTheEncoderAndRefusesToOverwrite()
		throws IOException
	{
		Map<Integer, String> colourUnits;
		ModelPackage resnet = TestZoo.open("resnet-shapes");
		try (Network network = resnet.load()) {
			colourUnits = ZooUnits.dominated(new LayerReader(network, resnet
				.manifest().layer("layer2"), Pooling.MEAN, 32), BrodenDataset.open(
					CONCEPTS), "color", 2);
		}
		Path out = temp.resolve("described");
		String[] args = { "describe", "--model", TestZoo.folder("resnet-shapes")
			.toString(), "--layer", "layer2", "--units", colourUnits.keySet().stream()
				.map(String::valueOf).collect(Collectors.joining(",")), "--concepts",
			CONCEPTS.toString(), "--encoder", TestZoo.ROOT.resolve(
				"describe/tiny-encoder").toString(), "--batch", "32", "--out", out
					.toString() };
		assertEquals(0, RosettaCli.run(args));
		List<String> csv = Files.readAllLines(out.resolve("descriptions.csv"));
		assertEquals(colourUnits.size() + 1, csv.size(), String.join("\n", csv));
		assertTrue(csv.get(0).contains("unit,description,score"), csv.get(0));
		int row = 1;
		for (Map.Entry<Integer, String> unit : colourUnits.entrySet()) {
			String line = csv.get(row++);
			assertTrue(line.startsWith(unit.getKey() + "," + unit.getValue() + ","),
				line);
			assertTrue(line.contains(
				"vocabulary of 17 words scored by encoder tiny-encoder"), line);
		}
		assertTrue(Files.isRegularFile(out.resolve(
			"Describe_resnet-shapes_layer2.tif")));
		assertEquals(1, RosettaCli.run(args), "a second run must not overwrite");
		assertEquals(2, RosettaCli.run(new String[] { "describe", "--model" }),
			"wrong command line");
	}
}
