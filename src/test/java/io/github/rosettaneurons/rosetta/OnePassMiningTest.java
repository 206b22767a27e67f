
package io.github.rosettaneurons.rosetta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.Progress;

/**
 * The one-pass miner on the sample zoo (the generator's samples shown to the
 * trained ResNet and ViT): its sums, taken about the first batch's means and
 * moved onto the final means at the end, give the same tables as the two-pass
 * way (statistics first, then sums about the exact means); one-pass shards
 * taken about different shifts merge exactly; and the examples searched among
 * the tracked candidates are those of the exhaustive search.
 */
class OnePassMiningTest {

	private static final int SAMPLES = 64;

	private static MiningSetup setup;

	@BeforeAll
	static void load() {
		setup = MiningSetup.open(TestZoo.folder("world-generator"), List.of(TestZoo
			.folder("resnet-shapes"), TestZoo.folder("vit-shapes")));
	}

	@AfterAll
	static void close() {
		setup.close();
	}

	private static MiningOptions options(DataType precision) {
		return new MiningOptions(16, StdVariant.GLOBAL, ScoreVariant.GLOBAL_COSINE,
			precision, BuddyRule.RELAXED_TOP_N, 5, 10, Double.NEGATIVE_INFINITY, 0);
	}

	private static List<ScoreTable> twoPasses(RosettaMiner miner) {
		UnitStatistics stats = miner.statistics(0, SAMPLES, Progress.NONE);
		try (ScoreAccumulators scores = miner.scores(stats, 0, SAMPLES,
			Progress.NONE))
		{
			return miner.result(stats, scores).tables();
		}
	}

	private static List<ScoreTable> onePass(RosettaMiner miner) {
		try (RosettaMiner.Pass pass = miner.onePass(0, SAMPLES, Progress.NONE)) {
			return miner.result(pass.statistics(), pass.scores()).tables();
		}
	}

	private static double largestDifference(List<ScoreTable> a,
		List<ScoreTable> b)
	{
		double largest = 0;
		for (int t = 0; t < a.size(); t++) {
			double[] x = a.get(t).scores(), y = b.get(t).scores();
			assertEquals(x.length, y.length);
			for (int k = 0; k < x.length; k++)
				largest = Math.max(largest, Math.abs(x[k] - y[k]));
		}
		return largest;
	}

	@Test
	void onePassGivesTheTwoPassTables() {
		for (DataType precision : List.of(DataType.FLOAT64, DataType.FLOAT32)) {
			RosettaMiner miner = setup.miner(null, 0, SAMPLES, -1, options(
				precision));
			List<ScoreTable> expected = twoPasses(miner);
			double difference = largestDifference(onePass(miner), expected);
			// float64: rounding only; float32: the GEMMs' own rounding, as in the
			// two-pass products
			assertTrue(difference < (precision == DataType.FLOAT64 ? 1e-10 : 1e-6),
				precision + ": " + difference);
			double largestScore = 0;
			for (ScoreTable table : expected)
				for (double score : table.scores())
					largestScore = Math.max(largestScore, score);
			assertTrue(largestScore > 0.5, "the tables hold real correlations: " +
				largestScore);
		}
	}

	@Test
	void batchesOfOneImageGiveTheSameTables() {
		// a batch of one makes the channel-first reshape a view of the network's
		// output, which the shift must not change in place
		MiningOptions single = options(DataType.FLOAT64).withBatchSize(1);
		List<ScoreTable> expected = onePass(setup.miner(null, 0, SAMPLES, -1,
			options(DataType.FLOAT64)));
		double difference = largestDifference(onePass(setup.miner(null, 0, SAMPLES,
			-1, single)), expected);
		// the networks' float32 convolutions round differently per batch size
		assertTrue(difference < 1e-5, "largest difference " + difference);
	}

	@Test
	void onePassShardsAboutDifferentShiftsMergeExactly() {
		RosettaMiner miner = setup.miner(null, 0, SAMPLES, -1, options(
			DataType.FLOAT64));
		List<ScoreTable> whole = onePass(miner);
		try (RosettaMiner.Pass first = miner.onePass(0, 16, Progress.NONE);
				RosettaMiner.Pass second = miner.onePass(16, SAMPLES, Progress.NONE))
		{
			PairScores a = first.scores().models.values().iterator().next().values()
				.iterator().next();
			PairScores b = second.scores().models.values().iterator().next().values()
				.iterator().next();
			assertTrue(a.anchorShift.sub(b.anchorShift).abs().max()
				.getDouble() > 1e-3, "the shards' shifts differ");
			first.statistics().merge(second.statistics());
			first.scores().merge(second.scores());
			assertTrue(largestDifference(miner.result(first.statistics(), first
				.scores()).tables(), whole) < 1e-12);
		}
	}

	/** Counts the images each model is run on. */
	private static final class CountedImages implements MiningImages {

		private final MiningImages inner;
		int forwarded;

		CountedImages(MiningImages inner) {
			this.inner = inner;
		}

		@Override
		public int size() {
			return inner.size();
		}

		@Override
		public Map<String, Map<String, NDArray>> activations(int first, int count,
			NDManager scope)
		{
			forwarded += count;
			return inner.activations(first, count, scope);
		}

		@Override
		public Map<String, Map<String, NDArray>> activations(int[] indices,
			NDManager scope)
		{
			forwarded += indices.length;
			return inner.activations(indices, scope);
		}

		@Override
		public SourceImage image(int index) {
			return inner.image(index);
		}

		@Override
		public String describe() {
			return inner.describe();
		}
	}

	@Test
	void examplesAmongTheCandidatesAreTheExhaustiveOnes() {
		int samples = 128;
		CountedImages images = new CountedImages(setup.miner(null, 0, samples, -1,
			options(DataType.FLOAT32)).images());
		RosettaMiner miner = new RosettaMiner(setup.anchor(), setup.others(),
			images, options(DataType.FLOAT32));
		try (RosettaMiner.Pass pass = miner.onePass(0, samples, Progress.NONE)) {
			assertEquals(samples, images.forwarded, "one forward pass per image");
			RosettaDictionary dictionary = miner.result(pass.statistics(), pass
				.scores()).dictionary();
			assertTrue(dictionary.size() >= 3, "neurons to show: " + dictionary
				.size());
			List<RosettaExamples.Example> tracked = RosettaExamples.find(miner, pass
				.statistics(), dictionary, 8, pass.candidates(), Progress.NONE);
			int candidateForwards = images.forwarded - samples;
			int neurons = Math.min(8, dictionary.size());
			assertTrue(candidateForwards <= neurons * 3 *
				ExampleCandidates.PER_UNIT && candidateForwards < samples,
				"examples forward only the candidates: " + candidateForwards);
			List<RosettaExamples.Example> exhaustive = RosettaExamples.find(miner,
				pass.statistics(), dictionary, 8, null, Progress.NONE);
			assertEquals(neurons, tracked.size());
			for (int r = 0; r < neurons; r++) {
				assertEquals(exhaustive.get(r).imageIndex(), tracked.get(r)
					.imageIndex(), "neuron " + (r + 1));
				assertEquals(3, tracked.get(r).maps().size(), "a map per model");
				assertTrue(tracked.get(r).maps().values().stream().allMatch(m -> m
					.values().length == m.width() * m.height()));
			}
		}
	}
}
