
package io.github.rosettaneurons.rosetta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.FolderSource;
import io.github.rosettaneurons.data.ImageSource;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;

class RosettaMinerTest {

	@TempDir
	static Path temp;

	private static Network resnet;
	private static Network resnetTwin;
	private static Network vit;

	/**
	 * The same weights under another name, so a model can be matched against
	 * itself.
	 */
	private static Path twin(String model, String name) throws IOException {
		Path copy = TestZoo.copy(model, temp.resolve(name));
		Path manifest = copy.resolve("rdf.yaml");
		Files.writeString(manifest, Files.readString(manifest).replaceFirst(
			"(?m)^name: .*$", "name: " + name));
		return copy;
	}

	@BeforeAll
	static void load() throws IOException {
		resnet = TestZoo.open("resnet-shapes").load();
		resnetTwin = ModelPackage.open(twin("resnet-shapes", "resnet-twin")).load();
		vit = TestZoo.open("vit-shapes").load();
	}

	@AfterAll
	static void close() {
		resnet.close();
		resnetTwin.close();
		vit.close();
	}

	private static ImageSource firstImages(int count) {
		return new FolderSource(TestZoo.IMAGES).head(count);
	}

	private static RosettaMiner miner(Network anchor, Network other,
		MiningImages images, MiningOptions options)
	{
		return new RosettaMiner(MinedModel.allLayers(anchor), List.of(MinedModel
			.allLayers(other)), images, options);
	}

	private static MiningImages folder(ImageSource source, Network... networks) {
		return new FolderImages(source, java.util.Arrays.stream(networks).map(
			MinedModel::allLayers).toList());
	}

	@Test
	void selfMatchMakesEveryVaryingUnitItsOwnBuddyWithScoreOne() {
		MiningOptions options = MiningOptions.defaults().withBatchSize(4);
		RosettaMiner miner = miner(resnet, resnetTwin, folder(firstImages(8),
			resnet, resnetTwin), options);
		UnitStatistics stats = miner.statistics(0, 8, Progress.NONE);
		MiningResult result;
		try (ScoreAccumulators scores = miner.scores(stats, 0, 8, Progress.NONE)) {
			result = miner.result(stats, scores);
		}
		ScoreTable table = result.tables().get(0);
		int[] partners = BestBuddies.partners(table, options);
		int varying = 0;
		for (int i = 0; i < table.rows().size(); i++) {
			UnitRef unit = table.rows().get(i);
			boolean constant = stats.std("resnet-shapes", resnet.manifest().layer(unit
				.layer()).output(), StdVariant.GLOBAL)[unit.unit()] == 0;
			if (constant) {
				assertEquals(-1, partners[i], "a constant unit has no buddy: " + unit);
				continue;
			}
			varying++;
			assertEquals(1.0, table.score(i, i), 1e-4, "self score of " + unit);
			assertEquals(1.0, table.score(i, partners[i]), 1e-4, "buddy of " + unit +
				" is itself or an identical unit");
		}
		assertTrue(varying > table.rows().size() / 2, "most units vary: " +
			varying);
		assertEquals(varying, result.dictionary().size());
	}

	/**
	 * A model whose channels are permuted is the same model with its units
	 * renumbered.
	 */
	private static final class PermutedImages implements MiningImages {

		private final MiningImages inner;
		private final String model;
		private final Map<String, int[]> permutations = new LinkedHashMap<>();

		PermutedImages(MiningImages inner, String model) {
			this.inner = inner;
			this.model = model;
		}

		@Override
		public int size() {
			return inner.size();
		}

		@Override
		public Map<String, Map<String, NDArray>> activations(int first, int count,
			NDManager scope)
		{
			Map<String, Map<String, NDArray>> all = inner.activations(first, count,
				scope);
			Map<String, NDArray> permuted = new LinkedHashMap<>();
			all.get(model).forEach((layer, maps) -> {
				int[] order = permutation(layer, (int) maps.getShape().get(1));
				ai.djl.ndarray.NDList channels = new ai.djl.ndarray.NDList();
				for (int k : order)
					channels.add(maps.get(":, " + k + ":" + (k + 1) + ", :, :"));
				permuted.put(layer, ai.djl.ndarray.NDArrays.concat(channels, 1));
			});
			all.put(model, permuted);
			return all;
		}

		int[] permutation(String layer, int units) {
			return permutations.computeIfAbsent(layer, k -> {
				java.util.List<Integer> order = new java.util.ArrayList<>();
				for (int i = 0; i < units; i++)
					order.add(i);
				java.util.Collections.shuffle(order, new java.util.Random(layer
					.hashCode()));
				return order.stream().mapToInt(Integer::intValue).toArray();
			});
		}

		@Override
		public io.github.rosettaneurons.data.SourceImage image(int index) {
			return inner.image(index);
		}

		@Override
		public String describe() {
			return inner.describe() + " with permuted " + model;
		}
	}

	@Test
	void permutingAModelsChannelsPermutesItsBuddies() {
		MiningOptions options = MiningOptions.defaults().withBatchSize(4);
		MiningImages plain = folder(firstImages(8), resnet, vit);
		PermutedImages permuted = new PermutedImages(folder(firstImages(8), resnet,
			vit), "vit-shapes");
		ScoreTable before = miner(resnet, vit, plain, options).mine(Progress.NONE)
			.tables().get(0);
		ScoreTable after = miner(resnet, vit, permuted, options).mine(Progress.NONE)
			.tables().get(0);
		int[] partnersBefore = BestBuddies.partners(before, options);
		int[] partnersAfter = BestBuddies.partners(after, options);
		int matched = 0;
		for (int i = 0; i < partnersBefore.length; i++) {
			assertEquals(partnersBefore[i] < 0, partnersAfter[i] < 0, "row " + i);
			if (partnersBefore[i] < 0) continue;
			matched++;
			UnitRef old = before.columns().get(partnersBefore[i]);
			UnitRef moved = after.columns().get(partnersAfter[i]);
			assertEquals(old.layer(), moved.layer());
			String output = vit.manifest().layer(old.layer()).output();
			int[] order = permuted.permutation(output, 0);
			assertEquals(old.unit(), order[moved.unit()],
				"new unit k holds old unit order[k]");
		}
		assertTrue(matched > 0);
	}

	@Test
	void shardsMergeToExactlyTheSingleRun() {
		MiningOptions options = new MiningOptions(3, StdVariant.GLOBAL,
			ScoreVariant.GLOBAL_COSINE, DataType.FLOAT64, BuddyRule.STRICT_MUTUAL, 5,
			10, Double.NEGATIVE_INFINITY, 0);
		RosettaMiner miner = miner(resnet, vit, folder(firstImages(10), resnet,
			vit), options);
		String fingerprint = miner.fingerprint();
		Path statsA = temp.resolve("stats-a.bin"), statsB = temp.resolve(
			"stats-b.bin"), stats = temp.resolve("stats.bin");
		MiningShard.saveStatistics(statsA, fingerprint, List.of(new int[] { 0, 6 }),
			miner.statistics(0, 6, Progress.NONE));
		MiningShard.saveStatistics(statsB, fingerprint, List.of(new int[] { 6,
			10 }), miner.statistics(6, 10, Progress.NONE));
		MiningShard.merge(List.of(statsB, statsA), stats);
		UnitStatistics merged = MiningShard.loadStatistics(stats, fingerprint);
		String digest = MiningShard.digest(stats);
		Path scoresA = temp.resolve("scores-a.bin"), scoresB = temp.resolve(
			"scores-b.bin"), scores = temp.resolve("scores.bin");
		try (ScoreAccumulators a = miner.scores(merged, 0, 3, Progress.NONE);
				ScoreAccumulators b = miner.scores(merged, 3, 10, Progress.NONE))
		{
			MiningShard.saveScores(scoresA, fingerprint, digest, List.of(new int[] {
				0, 3 }), a);
			MiningShard.saveScores(scoresB, fingerprint, digest, List.of(new int[] {
				3, 10 }), b);
		}
		MiningShard.merge(List.of(scoresA, scoresB), scores);
		ScoreTable sharded;
		try (ScoreAccumulators all = MiningShard.loadScores(scores, fingerprint,
			digest))
		{
			sharded = miner.result(merged, all).tables().get(0);
		}
		ScoreTable single = miner.mine(Progress.NONE).tables().get(0);
		assertArrayEquals(single.scores(), sharded.scores(), 1e-12);

		String overlap = assertThrows(IllegalArgumentException.class,
			() -> MiningShard.merge(List.of(statsA, stats), temp.resolve("bad.bin")))
			.getMessage();
		assertTrue(overlap.contains("overlap"), overlap);
		RosettaMiner other = miner(vit, resnet, folder(firstImages(10), vit,
			resnet), options);
		String foreign = assertThrows(IllegalArgumentException.class,
			() -> MiningShard.loadStatistics(stats, other.fingerprint()))
			.getMessage();
		assertTrue(foreign.contains("another mining run"), foreign);
	}

	/** The table of one ResNet layer against one ViT layer. */
	private static ScoreTable singleLayerTable(LayerSpec anchorLayer,
		LayerSpec otherLayer, ImageSource source, MiningOptions options)
	{
		MinedModel anchor = new MinedModel(resnet, List.of(anchorLayer));
		MinedModel other = new MinedModel(vit, List.of(otherLayer));
		return new RosettaMiner(anchor, List.of(other), new FolderImages(source,
			List.of(anchor, other)), options).mine(Progress.NONE).tables().get(0);
	}

	@Test
	void batchMeanVariantAveragesEachBatchsCosine() {
		MiningOptions options = new MiningOptions(3, StdVariant.GLOBAL,
			ScoreVariant.BATCH_MEAN_COSINE, DataType.FLOAT32, BuddyRule.STRICT_MUTUAL,
			5, 10, Double.NEGATIVE_INFINITY, 0);
		ImageSource source = firstImages(6);
		LayerSpec anchorLayer = resnet.manifest().layer("layer3");
		LayerSpec otherLayer = vit.manifest().layer("blocks.0");
		ScoreTable table = singleLayerTable(anchorLayer, otherLayer, source,
			options);
		double[][][][] a = DirectCorrelation.maps(resnet, anchorLayer, source);
		double[][][][] b = DirectCorrelation.maps(vit, otherLayer, source);
		double[] first = DirectCorrelation.table(a, b, 0, 3);
		double[] second = DirectCorrelation.table(a, b, 3, 6);
		double[] global = DirectCorrelation.table(a, b);
		double differenceFromGlobal = 0;
		for (int k = 0; k < first.length; k++) {
			assertEquals((first[k] + second[k]) / 2, table.scores()[k], 1e-5,
				"entry " + k);
			differenceFromGlobal = Math.max(differenceFromGlobal, Math.abs(global[k] -
				table.scores()[k]));
		}
		assertTrue(differenceFromGlobal > 1e-3,
			"the batch mean is not the global cosine");
	}

	@Test
	void statisticsVariantsMatchTheirDefinitions() {
		ImageSource source = firstImages(6);
		LayerSpec layer = resnet.manifest().layer("layer3");
		MinedModel model = new MinedModel(resnet, List.of(layer));
		MiningOptions options = MiningOptions.defaults().withBatchSize(3);
		UnitStatistics stats = new RosettaMiner(model, List.of(MinedModel.allLayers(
			vit)), new FolderImages(source, List.of(model, MinedModel.allLayers(
				vit))), options).statistics(0, 6, Progress.NONE);
		double[][][][] maps = DirectCorrelation.maps(resnet, layer, source);
		double[] global = stats.std("resnet-shapes", "layer3", StdVariant.GLOBAL);
		double[] averaged = stats.std("resnet-shapes", "layer3",
			StdVariant.BATCH_AVERAGED);
		for (int c = 0; c < global.length; c++) {
			assertEquals(DirectCorrelation.std(maps, c, 0, 6), global[c], 1e-6 * Math
				.max(1, global[c]), "global std " + c);
			double first = DirectCorrelation.std(maps, c, 0, 3), second =
				DirectCorrelation.std(maps, c, 3, 6);
			assertEquals(Math.sqrt((first * first + second * second) / 2),
				averaged[c], 1e-6 * Math.max(1, averaged[c]), "batch-averaged std " +
					c);
		}
	}

	@Test
	void tableAgreesWithADirectFloat64Computation() {
		MiningOptions options = new MiningOptions(4, StdVariant.GLOBAL,
			ScoreVariant.GLOBAL_COSINE, DataType.FLOAT64, BuddyRule.STRICT_MUTUAL, 5,
			10, Double.NEGATIVE_INFINITY, 0);
		ImageSource source = firstImages(6);
		LayerSpec anchorLayer = resnet.manifest().layer("layer4");
		LayerSpec otherLayer = vit.manifest().layer("blocks.1");
		ScoreTable table = singleLayerTable(anchorLayer, otherLayer, source,
			options);
		double[][][][] a = DirectCorrelation.maps(resnet, anchorLayer, source);
		double[][][][] b = DirectCorrelation.maps(vit, otherLayer, source);
		double[] expected = DirectCorrelation.table(a, b);
		assertEquals(expected.length, table.scores().length);
		// activations are float32 and batched convolutions differ from single-image
		// ones in the last bits, so agreement
		// is to ~1e-7; any error in statistics, resizing or normalisation would
		// show at 1e-3 or more
		for (int k = 0; k < expected.length; k++)
			assertEquals(expected[k], table.scores()[k], 1e-6, "entry " + k);
	}
}
