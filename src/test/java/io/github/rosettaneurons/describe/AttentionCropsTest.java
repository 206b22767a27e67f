
package io.github.rosettaneurons.describe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Crop boxes on hand-made maps follow the reference's Otsu, region, overlap and
 * size rules.
 */
class AttentionCropsTest {

	/**
	 * A map of {@code side} × {@code side} zeros with rectangles of value 1 at
	 * (x, y, w, h).
	 */
	private static float[] map(int side, int[]... rectangles) {
		float[] map = new float[side * side];
		for (int[] r : rectangles)
			for (int y = r[1]; y < r[1] + r[3]; y++)
				for (int x = r[0]; x < r[0] + r[2]; x++)
					map[y * side + x] = 1;
		return map;
	}

	@Test
	void
		otsuSeparatesTwoLevelsAndBoxesAreBoundingRectanglesOfEightConnectedRegions()
	{
		byte[] levels = new byte[100];
		for (int i = 0; i < 100; i++)
			levels[i] = (byte) (i < 70 ? 10 : 200);
		int threshold = AttentionCrops.otsuThreshold(levels);
		assertTrue(threshold >= 10 && threshold < 200, "threshold " + threshold);

		boolean[] fg = new boolean[8 * 8];
		// a diagonal pair touches only at a corner: one 8-connected region
		fg[1 * 8 + 1] = true;
		fg[2 * 8 + 2] = true;
		fg[6 * 8 + 5] = true;
		List<Box> regions = AttentionCrops.regions(fg, 8, 8);
		assertEquals(List.of(new Box(1, 1, 3, 3), new Box(5, 6, 6, 7)), regions);
	}

	@Test
	void
		keepsLargestFirstAndDropsBoxesCoveringEightyPercentOrOverlappingKeptOnes()
	{
		Box full = new Box(0, 0, 100, 100);
		Box nearlyFull = new Box(0, 0, 90, 90); // 81% of the image: IoU with it ≥
																						// 0.8
		Box big = new Box(0, 0, 60, 60);
		Box overlapping = new Box(10, 10, 60, 60); // IoU with big = 2500/3600 > 0.5
		Box halfOverlap = new Box(0, 20, 60, 60); // IoU with big = 2400/3600 =
																							// 0.667 > 0.5
		Box separate = new Box(70, 70, 95, 95);
		Box small1 = new Box(0, 90, 5, 95);
		Box small2 = new Box(90, 0, 95, 5);
		Box small3 = new Box(60, 0, 64, 4);
		List<Box> kept = AttentionCrops.select(List.of(small1, overlapping, full,
			separate, nearlyFull, big, halfOverlap, small2, small3), 100, 100, 4);
		assertEquals(List.of(big, separate, small1, small2), kept,
			"largest first, at most 4");
		// exactly 0.5 overlap is allowed (≤ 0.5)
		Box a = new Box(0, 0, 30, 10);
		Box b = new Box(10, 0, 40, 10); // intersection 200, union 400
		assertEquals(0.5, a.iou(b), 1e-12);
		assertEquals(List.of(a, b), AttentionCrops.select(List.of(a, b), 100, 100,
			4));
	}

	@Test
	void boxesOfAHandMadeMapLandOnTheCanvasWhereTheHotSpotsAre() {
		// 8 × 8 map, hot 2 × 2 block at (1,1) and hot 2 × 3 block at (5,4); canvas
		// 80 = 10 px per map pixel
		float[] map = map(8, new int[] { 1, 1, 2, 2 }, new int[] { 5, 4, 2, 3 });
		for (HeatmapScaling scaling : HeatmapScaling.values()) {
			List<Box> boxes = new AttentionCrops(scaling, 80, 4).boxes(map, 8, 8);
			assertEquals(2, boxes.size(), scaling + ": " + boxes);
			Box larger = boxes.get(0);
			Box smaller = boxes.get(1);
			assertTrue(larger.area() >= smaller.area());
			// bicubic blurs edges by a few pixels; centres are exact
			assertEquals(60, (larger.x0() + larger.x1()) / 2.0, 3, scaling + " " +
				larger);
			assertEquals(55, (larger.y0() + larger.y1()) / 2.0, 3, scaling + " " +
				larger);
			assertEquals(20, (smaller.x0() + smaller.x1()) / 2.0, 3, scaling + " " +
				smaller);
			assertEquals(20, smaller.width(), 6, scaling + " " + smaller);
		}
	}

	@Test
	void clampedScalingSaturatesWhileMinMaxAdapts() {
		// values 2 and 3 both clamp to 255: a flat heatmap, no foreground, no
		// crops; min-max separates them
		float[] map = new float[64];
		java.util.Arrays.fill(map, 2f);
		for (int y = 2; y < 4; y++)
			for (int x = 2; x < 4; x++)
				map[y * 8 + x] = 3f;
		assertEquals(List.of(), new AttentionCrops(HeatmapScaling.CLAMPED, 40, 4)
			.boxes(map, 8, 8));
		assertEquals(1, new AttentionCrops(HeatmapScaling.MIN_MAX, 40, 4).boxes(map,
			8, 8).size());
		// a whole-image hot spot is not a crop
		float[] everywhere = map(8, new int[] { 0, 0, 8, 8 });
		everywhere[0] = 0;
		assertEquals(List.of(), new AttentionCrops(HeatmapScaling.MIN_MAX, 40, 4)
			.boxes(everywhere, 8, 8));
	}

	@Test
	void atMostTheRequestedNumberOfCrops() {
		float[] map = map(16, new int[] { 0, 0, 2, 2 }, new int[] { 5, 0, 2, 2 },
			new int[] { 10, 0, 2, 2 }, new int[] { 0, 8, 2, 2 }, new int[] { 8, 8, 2,
				2 }, new int[] { 13, 13, 2, 2 });
		assertEquals(4, new AttentionCrops(HeatmapScaling.MIN_MAX, 64, 4).boxes(map,
			16, 16).size());
		assertEquals(2, new AttentionCrops(HeatmapScaling.MIN_MAX, 64, 2).boxes(map,
			16, 16).size());
		assertEquals(0, new AttentionCrops(HeatmapScaling.MIN_MAX, 64, 0).boxes(map,
			16, 16).size());
	}
}
