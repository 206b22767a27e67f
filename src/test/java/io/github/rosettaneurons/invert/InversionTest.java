
package io.github.rosettaneurons.invert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ij.process.FloatProcessor;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.GeneratorSource;
import io.github.rosettaneurons.data.Preprocessor;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;

/**
 * Inversion and edits on the sample zoo: the world generator mined against the
 * trained ResNet.
 */
class InversionTest {

	private static RosettaPairs pairs;
	private static ModelPackage generator;
	private static ModelPackage resnet;

	@BeforeAll
	static void mine() {
		generator = TestZoo.open("world-generator");
		resnet = TestZoo.open("resnet-shapes");
		pairs = RosettaPairs.read(MinedSampleZoo.dictionary(), generator.name());
	}

	private static SourceImage sample(long seed, int category) {
		try (Network network = generator.load()) {
			return new GeneratorSource(network, seed, 1, category).get(0);
		}
	}

	@Test
	void invertingAGeneratorSampleComesCloserToItAndIsDeterministic() {
		SourceImage target = sample(3, 0);
		OptimisationOptions options = OptimisationOptions.inversion().withSteps(30)
			.withLearningRate(0.05).withSeed(1).withSaveEvery(10);
		LatentOptimiser.Result result = ImageInversion.invert(generator, resnet,
			pairs, target, 0, options, Progress.NONE);
		assertEquals(31, result.steps().size(),
			"one row per step and one for the result");
		assertEquals(List.of(0, 10, 20, 30), result.savedSteps());
		assertEquals(4, result.trajectory().dimension(3));
		SourceImage start = frame(result, 0);
		double startPixels = meanSquaredDifference(start, target);
		double endPixels = meanSquaredDifference(result.image(), target);
		assertTrue(endPixels < 0.6 * startPixels, "pixels closer to the target: " +
			startPixels + " -> " + endPixels);
		assertTrue(result.last().activationLoss() < result.first()
			.activationLoss() - 1, "matched units closer: " + result.first() +
				" -> " + result.last());
		double startModel = modelDistance(start, target);
		double endModel = modelDistance(result.image(), target);
		assertTrue(endModel < 0.8 * startModel, "the ResNet sees it closer: " +
			startModel + " -> " + endModel);

		LatentOptimiser.Result again = ImageInversion.invert(generator, resnet,
			pairs, target, 0, options.withSteps(5), Progress.NONE);
		LatentOptimiser.Result repeated = ImageInversion.invert(generator, resnet,
			pairs, target, 0, options.withSteps(5), Progress.NONE);
		assertArrayEquals(again.latent(), repeated.latent(),
			"the same seed gives the same latent");
		LatentOptimiser.Result otherSeed = ImageInversion.invert(generator, resnet,
			pairs, target, 0, options.withSteps(5).withSeed(2), Progress.NONE);
		assertFalse(java.util.Arrays.equals(again.latent(), otherSeed.latent()),
			"another seed starts elsewhere");
	}

	@Test
	void shiftEditsMoveTheObjectByRoughlyTheRequestedFraction() {
		// seed 0 has its object left of centre, seed 3 right of it: both have room
		// to move a quarter of the width
		assertShift(0, 0.25);
		assertShift(3, -0.25);
	}

	@Test
	void crossClassAlignmentCarriesTheObjectsPlaceOver() {
		// scene_1 is a square; inverted into the circle class the generator draws a
		// circle where the square was
		SourceImage square = new io.github.rosettaneurons.data.StackSource(ij.IJ
			.openImage(TestZoo.IMAGES.resolve("scene_1.png").toString())).get(0);
		LatentOptimiser.Result result = ImageInversion.invert(generator, resnet,
			pairs, square, 0, OptimisationOptions.inversion().withSteps(40)
				.withLearningRate(0.05).withSeed(4), Progress.NONE);
		double[] target = SampleWorldObjects.centroid(square);
		double startDistance = distance(SampleWorldObjects.centroid(frame(result,
			0)), target);
		double endDistance = distance(SampleWorldObjects.centroid(result.image()),
			target);
		assertTrue(endDistance < 6 && endDistance < startDistance,
			"the circle moved to the square's place: " + startDistance + " -> " +
				endDistance + " px");
	}

	@Test
	void zoomEditEnlargesTheObject() {
		// sample 5 has the smallest object of the first few; the reference's
		// regulariser (10) holds it back a little
		GeneratedImageEdit.Outcome outcome = GeneratedImageEdit.edit(generator,
			pairs, TargetEdit.ZOOM, 0, 5, 0, 2, OptimisationOptions.edit(
				TargetEdit.ZOOM).withSteps(40).withLearningRate(0.05), Progress.NONE);
		double before = SampleWorldObjects.centroid(outcome.originals().get(0))[2];
		double after = SampleWorldObjects.centroid(outcome.result().image())[2];
		assertTrue(after > 1.3 * before, "object pixels " + before + " -> " +
			after);
	}

	private static double distance(double[] a, double[] b) {
		return Math.hypot(a[0] - b[0], a[1] - b[1]);
	}

	@Test
	void anUneditedTargetIsMatchedExactlyByEveryUnitAtTheStart() {
		// each unit's cosine uses its own norms and the targets are z-scored like
		// the live maps (the reference's
		// edit notebook got both wrong), so the start latent scores exactly −1 per
		// unit
		GeneratedImageEdit.Outcome outcome = GeneratedImageEdit.edit(generator,
			pairs, TargetEdit.SHIFT, 0, 2, 0, 1, OptimisationOptions.edit(
				TargetEdit.SHIFT).withSteps(1), Progress.NONE);
		assertEquals(-pairs.generatorUnits().size(), outcome.result().first()
			.activationLoss(), 1e-3);
	}

	@Test
	void editsTransformMapsAsDocumented() {
		try (NDManager scope = ai.djl.ndarray.NDManager.newBaseManager()) {
			NDArray maps = scope.arange(16f).reshape(1, 4, 4);
			NDArray other = maps.add(100);
			assertArrayEquals(new float[] { 0, 4, 5, 6 }, TargetEdit.SHIFT.apply(maps,
				null, 0.25).get("0, 1, :").toFloatArray(),
				"row 1 moved one column right, zero-padded");
			assertArrayEquals(new float[] { 5, 6, 7, 0 }, TargetEdit.SHIFT.apply(maps,
				null, -0.25).get("0, 1, :").toFloatArray());
			assertArrayEquals(new float[] { 5, 5, 6, 6 }, TargetEdit.ZOOM.apply(maps,
				null, 0).get("0, 1, :").toFloatArray(),
				"the centre magnified: row 1 of the ×2 crop repeats source row 1, columns 1, 1, 2, 2");
			assertArrayEquals(new float[] { 8, 9, 110, 111 }, TargetEdit.COPY_PASTE
				.apply(maps, other, 0).get("0, 2, :").toFloatArray());
		}
	}

	@Test
	void aDictionaryOfAnotherAnchorIsRefused() throws Exception {
		java.nio.file.Path copy = java.nio.file.Files.createTempFile("dictionary",
			".csv");
		java.nio.file.Files.writeString(copy,
			io.github.rosettaneurons.rosetta.RosettaDictionary.CSV_HEADER +
				"\nR1,resnet-shapes,layer1,0,0.5,1\nR1,vit-shapes,blocks.0,3,0.5,1\n");
		String message = assertThrows(IllegalArgumentException.class,
			() -> RosettaPairs.read(copy, "world-generator")).getMessage();
		assertTrue(message.contains("was mined with 'resnet-shapes' as the anchor"),
			message);
		java.nio.file.Files.delete(copy);
	}

	@Test
	void aDictionaryWithoutItsRunsStatisticsIsRefused() throws Exception {
		java.nio.file.Path folder = java.nio.file.Files.createTempDirectory(
			"mined-without-statistics");
		java.nio.file.Path copy = java.nio.file.Files.copy(MinedSampleZoo
			.dictionary(), folder.resolve("dictionary.csv"));
		String message = assertThrows(IllegalArgumentException.class,
			() -> RosettaPairs.read(copy, "world-generator")).getMessage();
		assertTrue(message.startsWith(folder.resolve("statistics.bin") +
			": is missing"), message);
		io.github.rosettaneurons.engine.Folders.deleteTree(folder, false);
	}

	private static void assertShift(long seed, double fraction) {
		GeneratedImageEdit.Outcome outcome = GeneratedImageEdit.edit(generator,
			pairs, TargetEdit.SHIFT, fraction, seed, 0, 0, OptimisationOptions.edit(
				TargetEdit.SHIFT).withSteps(40).withLearningRate(0.05), Progress.NONE);
		double[] before = SampleWorldObjects.centroid(outcome.originals().get(0));
		double[] after = SampleWorldObjects.centroid(outcome.result().image());
		double requested = fraction * outcome.result().image().width();
		String report = "seed " + seed + ": x " + before[0] + " -> " + after[0] +
			", requested " + requested;
		assertTrue(before[2] > 100 && after[2] > 100, "an object in both images: " +
			report);
		assertTrue(Math.signum(after[0] - before[0]) == Math.signum(requested),
			"moves the right way: " + report);
		assertTrue(Math.abs(after[0] - before[0]) > 0.5 * Math.abs(requested) &&
			Math.abs(after[0] - before[0]) < 1.5 * Math.abs(requested),
			"by roughly the amount: " + report);
		assertTrue(Math.abs(after[1] - before[1]) < 0.25 * Math.abs(requested),
			"and not vertically: " + report);
	}

	private static SourceImage frame(LatentOptimiser.Result result, int slice) {
		var trajectory = result.trajectory();
		int plane = (int) (trajectory.dimension(0) * trajectory.dimension(1));
		int channels = (int) trajectory.dimension(2);
		float[] all = trajectory.update(null).getCurrentStorageArray();
		List<FloatProcessor> planes = new java.util.ArrayList<>();
		for (int c = 0; c < channels; c++)
			planes.add(new FloatProcessor((int) trajectory.dimension(0),
				(int) trajectory.dimension(1), java.util.Arrays.copyOfRange(all,
					(slice * channels + c) * plane, (slice * channels + c + 1) * plane)));
		return new SourceImage("frame " + slice, planes);
	}

	/**
	 * Mean squared difference of the ResNet's layer3 activations (its matched
	 * units' layer).
	 */
	private static double modelDistance(SourceImage a, SourceImage b) {
		try (Network network = resnet.load();
				NDManager scope = network.newScope())
		{
			List<LayerSpec> layer = resnet.manifest().layers("layer3");
			Preprocessor preprocessor = new Preprocessor(resnet.manifest());
			NDArray x = network.activations(preprocessor.toBatch(scope, List.of(a)),
				layer).get("layer3");
			NDArray y = network.activations(preprocessor.toBatch(scope, List.of(b)),
				layer).get("layer3");
			return x.sub(y).square().mean().getFloat();
		}
	}

	static double meanSquaredDifference(SourceImage a, SourceImage b) {
		double sum = 0;
		int n = 0;
		for (int c = 0; c < 3; c++) {
			float[] x = (float[]) a.channels().get(c).getPixels();
			float[] y = (float[]) b.channels().get(c).getPixels();
			for (int i = 0; i < x.length; i++) {
				sum += (x[i] - y[i]) * (x[i] - y[i]);
				n++;
			}
		}
		return sum / n;
	}
}
