
package io.github.rosettaneurons.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;

/**
 * On the sample world the segments found from three ResNet layers separate each
 * object from its background: mean IoU of object and background against the
 * exact masks, with every segment decoded to the class most of its pixels
 * belong to (the paper's "oracle decoding"), far above labelling everything as
 * background.
 */
class SpectralZooTest {

	private static final int IMAGES = 6;

	@Test
	void segmentsSeparateObjectsFromBackground() {
		double trained = meanIou("resnet-shapes");
		double allBackground = 0;
		for (int i = 0; i < IMAGES; i++)
			allBackground += ObjectMasks.twoClassMeanIou(new int[64 * 64], ObjectMasks
				.mask(i));
		allBackground /= IMAGES;
		double control = meanIou("resnet-shapes-random");
		System.out.printf(
			"spectral mIoU: resnet-shapes %.3f, resnet-shapes-random %.3f, all background %.3f%n",
			trained, control, allBackground);
		assertTrue(trained > 0.6, "mIoU " + trained);
		assertTrue(trained > allBackground + 0.15, "mIoU " + trained +
			" vs all background " + allBackground);
	}

	@Test
	void resultsRepeatForASeed() {
		ModelPackage modelPackage = TestZoo.open("vit-shapes");
		try (Network network = modelPackage.load()) {
			SpectralGrouper grouper = new SpectralGrouper(network, GraphLayer.parse(
				modelPackage.manifest(), "blocks.1,blocks.3"), SpectralSettings
					.defaults().withSteps(30).withSegments(2));
			ImageGrouping first = grouper.group(ObjectMasks.image(3), Progress.NONE);
			ImageGrouping second = grouper.group(ObjectMasks.image(3), Progress.NONE);
			assertEquals(first.loss(), second.loss(), 1e-6);
			assertEquals(java.util.Arrays.toString(first.labels()), java.util.Arrays
				.toString(second.labels()));
		}
	}

	@Test
	void keyQueryGraphsPairTwoOutputsOfOneGrid() {
		ModelPackage modelPackage = TestZoo.open("vit-shapes");
		java.util.List<GraphLayer> layers = GraphLayer.parse(modelPackage
			.manifest(), "blocks.2|blocks.3,blocks.3");
		assertTrue(layers.get(0).keyQuery());
		assertEquals("blocks.2|blocks.3", layers.get(0).label());
		assertEquals(2, GraphLayer.outputs(layers).size(),
			"each output is computed once");
		try (Network network = modelPackage.load()) {
			ImageGrouping grouping = new SpectralGrouper(network, layers,
				SpectralSettings.defaults().withSteps(20).withSegments(2)).group(
					ObjectMasks.image(1), Progress.NONE);
			assertEquals(8, grouping.gridWidth());
			assertTrue(grouping.loss() < 2 * 2,
				"the loss is finite and below its bound for unit vectors");
		}
		org.junit.jupiter.api.Assertions.assertThrows(
			IllegalArgumentException.class, () -> GraphLayer.parse(modelPackage
				.manifest(), "blocks.1|blocks.2|blocks.3"));
	}

	private static double meanIou(String model) {
		ModelPackage modelPackage = TestZoo.open(model);
		try (Network network = modelPackage.load()) {
			SpectralGrouper grouper = new SpectralGrouper(network, GraphLayer.parse(
				modelPackage.manifest(), "layer2,layer3,layer4"), SpectralSettings
					.defaults());
			double sum = 0;
			for (int i = 0; i < IMAGES; i++) {
				ImageGrouping grouping = grouper.group(ObjectMasks.image(i),
					Progress.NONE);
				sum += ObjectMasks.twoClassMeanIou(majorityDecoded(grouping, ObjectMasks
					.mask(i)), ObjectMasks.mask(i));
			}
			return sum / IMAGES;
		}
	}

	/**
	 * Each segment relabelled 1 (object) when most of its pixels are object
	 * pixels, else 0.
	 */
	static int[] majorityDecoded(ImageGrouping grouping, boolean[] object) {
		int[] objectPixels = new int[grouping.segments()];
		int[] pixels = new int[grouping.segments()];
		int[] labels = grouping.labels();
		for (int i = 0; i < labels.length; i++) {
			pixels[labels[i]]++;
			if (object[i]) objectPixels[labels[i]]++;
		}
		int[] decoded = new int[labels.length];
		for (int i = 0; i < labels.length; i++)
			decoded[i] = 2 * objectPixels[labels[i]] > pixels[labels[i]] ? 1 : 0;
		return decoded;
	}
}
