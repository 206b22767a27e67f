
package io.github.rosettaneurons.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class PathwayScoresTest {

	private static final int SIDE = 8;

	/**
	 * An eigenvector affine in x explains x exactly; with a noise eigenvector, y
	 * stays almost unexplained.
	 */
	@Test
	void positionR2IsOneForCoordinateMapsAndSmallForNoise() {
		float[] vectors = new float[2 * SIDE * SIDE];
		Random random = new Random(3);
		for (int cell = 0; cell < SIDE * SIDE; cell++) {
			vectors[cell] = 2 * (cell % SIDE) - 3;
			vectors[SIDE * SIDE + cell] = (float) random.nextGaussian();
		}
		ImageGrouping grouping = new ImageGrouping("ramp", SIDE, SIDE, vectors,
			new float[2], new int[SIDE * SIDE], SIDE, SIDE, new int[SIDE * SIDE], 2,
			0);
		double[] r2 = PathwayScores.positionR2(List.of(grouping), false);
		assertEquals(1, r2[0], 1e-9);
		assertTrue(r2[1] < 0.1, "noise explains little of y: " + r2[1]);
	}

	/**
	 * Majority decoding: per image each segment takes its own class; pooled, a
	 * segment must mean one class everywhere.
	 */
	@Test
	void meanIouDecodesSegmentsPerImageOrOverAllImages() {
		int[] segments = { 0, 0, 1, 1 };
		int[] circle = { 0, 0, 1, 1 };
		int[] square = { 0, 0, 2, 2 };
		List<ImageGrouping> groupings = List.of(segmented(segments), segmented(
			segments));
		assertEquals(1, PathwayScores.meanIou(groupings, List.of(circle, square), 3,
			false), 1e-12);
		// pooled, segment 1 becomes "circle" (ties go to the lower class): square
		// pixels are all missed
		assertEquals((1 + 0.5 + 0) / 3, PathwayScores.meanIou(groupings, List.of(
			circle, square), 3, true), 1e-12);
	}

	private static ImageGrouping segmented(int[] labels) {
		return new ImageGrouping("segments", 1, 1, new float[1], new float[1],
			new int[1], labels.length, 1, labels, 2, 0);
	}
}
