
package io.github.rosettaneurons.rosetta;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.ActivationImages;
import io.github.rosettaneurons.data.GeneratorSource;
import io.github.rosettaneurons.data.ImageSource;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;

/**
 * Rosetta mining on the sample world, trained models against their random-init
 * controls. In this world of flat colours, random networks share many colour
 * units (random convolutions pass colour through), so raw buddy counts do not
 * separate them (docs/rosetta.md). What does, and what Rosetta neurons are
 * about, is the concept the shared units carry: the units two trained shape
 * classifiers share are far more shape-selective (η², the share of a unit's
 * per-image variance explained by the shape class) than the units two random
 * networks share.
 */
class RosettaZooTest {

	private static final int SAMPLES = 256;
	private static final int CLASSES = 4;

	private static Network generator;
	private static GeneratorSource samples;
	private static ImageSource images;

	@BeforeAll
	static void drawSamples() {
		generator = TestZoo.open("world-generator").load();
		samples = new GeneratorSource(generator, 0, SAMPLES, -1);
		List<SourceImage> drawn = new ArrayList<>();
		for (int i = 0; i < SAMPLES; i++)
			drawn.add(samples.get(i));
		images = new ImageSource() {

			@Override
			public int size() {
				return SAMPLES;
			}

			@Override
			public SourceImage get(int index) {
				return drawn.get(index);
			}

			@Override
			public String describe() {
				return SAMPLES + " samples of the world generator";
			}
		};
	}

	@AfterAll
	static void close() {
		generator.close();
	}

	/**
	 * Mean shape η² of the anchor units that have a strict best buddy in the
	 * other model.
	 */
	private static double sharedShapeSelectivity(String anchorModel,
		String otherModel)
	{
		try (MiningSetup setup = MiningSetup.open(TestZoo.folder(anchorModel), List
			.of(TestZoo.folder(otherModel))))
		{
			MiningOptions options = MiningOptions.defaults().withBatchSize(32);
			RosettaMiner miner = new RosettaMiner(setup.anchor(), setup.others(),
				new FolderImages(images, setup.all()), options);
			ScoreTable table = miner.mine(Progress.NONE).tables().get(0);
			Map<String, ArrayImg<FloatType, FloatArray>> maps = ActivationImages
				.extract(setup.anchor().network(), images, setup.anchor().layers(), 32,
					Progress.NONE);
			int[] partners = BestBuddies.partners(table, options);
			double sum = 0;
			int shared = 0;
			for (int i = 0; i < partners.length; i++) {
				if (partners[i] < 0) continue;
				UnitRef unit = table.rows().get(i);
				sum += shapeEtaSquared(maps.get(setup.anchor().network().manifest()
					.layer(unit.layer()).output()), unit.unit());
				shared++;
			}
			assertTrue(shared > 0, anchorModel + " and " + otherModel +
				" share some units");
			System.out.printf("%s x %s: %d shared units, mean shape eta2 %.3f%n",
				anchorModel, otherModel, shared, sum / shared);
			return sum / shared;
		}
	}

	/**
	 * Between-class share of the variance of a unit's per-image mean activation
	 * (classes of the samples).
	 */
	private static double shapeEtaSquared(ArrayImg<FloatType, FloatArray> maps,
		int unit)
	{
		int plane = (int) (maps.dimension(0) * maps.dimension(1));
		int units = (int) maps.dimension(2);
		float[] data = maps.update(null).getCurrentStorageArray();
		double[] perImage = new double[SAMPLES];
		double mean = 0;
		for (int n = 0; n < SAMPLES; n++) {
			double sum = 0;
			for (int k = (n * units + unit) * plane, end = k + plane; k < end; k++)
				sum += data[k];
			perImage[n] = sum / plane;
			mean += perImage[n] / SAMPLES;
		}
		double[] classSum = new double[CLASSES];
		int[] classCount = new int[CLASSES];
		double total = 0;
		for (int n = 0; n < SAMPLES; n++) {
			total += (perImage[n] - mean) * (perImage[n] - mean);
			classSum[(int) samples.classOf(n)] += perImage[n];
			classCount[(int) samples.classOf(n)]++;
		}
		double between = 0;
		for (int c = 0; c < CLASSES; c++) {
			double classMean = classSum[c] / classCount[c];
			between += classCount[c] * (classMean - mean) * (classMean - mean);
		}
		return total > 0 ? between / total : 0;
	}

	@Test
	void
		unitsSharedByTrainedModelsCarryTheirConceptFarMoreThanThoseOfRandomControls()
	{
		for (String[] pair : new String[][] { { "resnet-shapes", "vit-shapes" }, {
			"vit-shapes", "resnet-shapes" } })
		{
			double trained = sharedShapeSelectivity(pair[0], pair[1]);
			double random = sharedShapeSelectivity(pair[0] + "-random", pair[1] +
				"-random");
			assertTrue(trained > 4 * random, pair[0] + " x " + pair[1] +
				": trained " + trained + " vs random " + random);
		}
	}
}
