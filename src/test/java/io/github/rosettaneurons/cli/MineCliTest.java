
package io.github.rosettaneurons.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.LabelBands;
import io.github.rosettaneurons.data.PictureLabels;
import io.github.rosettaneurons.rosetta.RosettaDictionary;
import io.github.rosettaneurons.rosetta.UnitRef;

/** The headless mining workflow, whole and as cluster-style shards. */
class MineCliTest {

	@TempDir
	Path temp;

	private List<String> base() {
		return new ArrayList<>(List.of("mine", "--anchor", TestZoo.folder(
			"resnet-shapes").toString(), "--models", TestZoo.folder("vit-shapes") +
				"," + TestZoo.folder("autoencoder-encoder"), "--images", TestZoo.IMAGES
					.toString(), "--batch", "4", "--precision", "float64"));
	}

	private static int run(List<String> args, String... more) {
		List<String> all = new ArrayList<>(args);
		all.addAll(List.of(more));
		return RosettaCli.run(all.toArray(new String[0]));
	}

	@Test
	void wholeRunWritesDictionaryTablesAndPictures() throws IOException {
		Path out = temp.resolve("whole");
		assertEquals(0, run(base(), "--out", out.toString(), "--examples", "2"));
		List<String> dictionary = Files.readAllLines(out.resolve("dictionary.csv"));
		assertEquals(RosettaDictionary.CSV_HEADER, dictionary.get(0));
		assertTrue(dictionary.size() > 3, "some Rosetta neurons: " + dictionary
			.size());
		assertTrue(dictionary.get(1).startsWith("R1,resnet-shapes,"), dictionary
			.get(1));
		ImagePlus table = IJ.openImage(out.resolve("table-vit-shapes.tif")
			.toString());
		assertEquals(Files.readAllLines(out.resolve("units-vit-shapes.csv"))
			.size() - 1, table.getWidth());
		assertEquals(Files.readAllLines(out.resolve("units-resnet-shapes.csv"))
			.size() - 1, table.getHeight());
		ImagePlus pictures = IJ.openImage(out.resolve("rosetta-neurons.png")
			.toString());
		int tile = 128;
		int labelled = tile + PictureLabels.bandHeight(2);
		assertEquals(PictureLabels.bandHeight(1) + 2 * labelled + 2 * 2, pictures
			.getHeight(), "model names, then two rows of 128 px tiles with bands");
		assertEquals(4 * tile + 3 * 2, pictures.getWidth(),
			"the image, then one column per model");
		for (int column = 0; column < 4; column++) {
			int x = column * (tile + 2);
			LabelBands.assertBand(pictures.getProcessor(), x, 0, tile, 1, "column " +
				column + "'s name");
			for (int row = 0; row < 2; row++)
				LabelBands.assertBand(pictures.getProcessor(), x, PictureLabels
					.bandHeight(1) + 2 + row * (labelled + 2) + tile, tile, 2, "tile " +
						row + "," + column);
		}
		assertTrue(Files.isRegularFile(out.resolve("statistics.bin")) && Files
			.isRegularFile(out.resolve("scores.bin")));
		for (String other : List.of("vit-shapes", "autoencoder-encoder")) {
			java.util.Collection<List<UnitRef>> pairs = RosettaDictionary.readNeurons(
				out.resolve("buddies-" + other + ".csv")).values();
			assertTrue(pairs.stream().allMatch(units -> units.size() == 2 && units
				.get(0).model().equals("resnet-shapes") && units.get(1).model().equals(
					other)), other + ": anchor and this model only");
			for (List<UnitRef> neuron : RosettaDictionary.readNeurons(out.resolve(
				"dictionary.csv")).values())
			{
				List<UnitRef> pair = neuron.stream().filter(unit -> unit.model().equals(
					"resnet-shapes") || unit.model().equals(other)).toList();
				assertTrue(pairs.contains(pair), other +
					": a neuron shared by all models is a buddy pair too: " + pair);
			}
			assertTrue(pairs.size() > (dictionary.size() - 1) / 3, other +
				": more pairs than shared neurons");
		}
		assertEquals(1, run(base(), "--out", out.toString()),
			"a non-empty output folder is refused");
	}

	@Test
	void shardsThroughTheCommandLineGiveTheSameDictionary() throws IOException {
		Path whole = temp.resolve("whole");
		assertEquals(0, run(base(), "--out", whole.toString(), "--examples", "0"));
		Path shards = Files.createDirectories(temp.resolve("shards"));
		assertEquals(0, run(base(), "--stage", "stats", "--range", "0:4", "--shard",
			shards.resolve("s0.bin").toString()));
		assertEquals(0, run(base(), "--stage", "stats", "--range", "4:10",
			"--shard", shards.resolve("s1.bin").toString()));
		Path stats = shards.resolve("stats.bin");
		assertEquals(0, RosettaCli.run(new String[] { "merge-shards", "--out", stats
			.toString(), shards.resolve("s0.bin").toString(), shards.resolve("s1.bin")
				.toString() }));
		assertEquals(0, run(base(), "--stage", "scores", "--stats", stats
			.toString(), "--range", "0:8", "--shard", shards.resolve("c0.bin")
				.toString()));
		assertEquals(0, run(base(), "--stage", "scores", "--stats", stats
			.toString(), "--range", "8:10", "--shard", shards.resolve("c1.bin")
				.toString()));
		Path scores = shards.resolve("scores.bin");
		assertEquals(0, RosettaCli.run(new String[] { "merge-shards", "--out",
			scores.toString(), shards.resolve("c0.bin").toString(), shards.resolve(
				"c1.bin").toString() }));
		Path merged = temp.resolve("merged");
		assertEquals(0, run(base(), "--stats", stats.toString(), "--scores", scores
			.toString(), "--out", merged.toString(), "--examples", "0"));
		assertEquals(Files.readAllLines(whole.resolve("dictionary.csv")), Files
			.readAllLines(merged.resolve("dictionary.csv")));
		assertArrayEquals(Files.readAllBytes(stats), Files.readAllBytes(merged
			.resolve("statistics.bin")),
			"a merged run is complete: its statistics beside the dictionary, for the inversion commands");
		assertArrayEquals(Files.readAllBytes(scores), Files.readAllBytes(merged
			.resolve("scores.bin")));
		assertEquals(1, RosettaCli.run(new String[] { "merge-shards", "--out", temp
			.resolve("x.bin").toString(), shards.resolve("s0.bin").toString(), shards
				.resolve("c0.bin").toString() }), "stats and scores do not mix");
		assertFalse(Files.exists(temp.resolve("x.bin")));
	}
}
