
package io.github.rosettaneurons.rosetta;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.BilinearResize;
import io.github.rosettaneurons.engine.DjlEnvironment;

/** Moving maps between grids against explicit bilinear resizing. */
class PairResamplingTest {

	/**
	 * up(X) = R_h X R_wᵀ with explicit per-pixel loops over the resize matrices.
	 */
	private static double[] resized(double[] x, int h, int w, int targetH,
		int targetW)
	{
		double[] rh = BilinearResize.matrix(h, targetH);
		double[] rw = BilinearResize.matrix(w, targetW);
		double[] out = new double[targetH * targetW];
		for (int i = 0; i < targetH; i++)
			for (int j = 0; j < targetW; j++) {
				double sum = 0;
				for (int k = 0; k < h; k++)
					for (int l = 0; l < w; l++)
						sum += rh[i * h + k] * x[k * w + l] * rw[j * w + l];
				out[i * targetW + j] = sum;
			}
		return out;
	}

	private static double[] gaussians(int count, Random random) {
		double[] values = new double[count];
		for (int i = 0; i < count; i++)
			values[i] = random.nextGaussian();
		return values;
	}

	private static double dot(double[] a, double[] b) {
		double sum = 0;
		for (int i = 0; i < a.length; i++)
			sum += a[i] * b[i];
		return sum;
	}

	/**
	 * A small map moves densely, a larger one separably; both as if both maps
	 * were resized.
	 */
	@Test
	void movedMapsCorrelateLikeResizedOnes() {
		int[][] bigGrids = { { 11, 9 }, { 24, 20 } };
		Random random = new Random(3);
		try (NDManager manager = DjlEnvironment.engine().newBaseManager()) {
			PairResampling resampling = new PairResampling(manager, DataType.FLOAT64);
			for (int[] bigGrid : bigGrids) {
				int h = bigGrid[0], w = bigGrid[1];
				int[][] smallGrids = { { 4, 5 }, { 3, 3 }, { h, 2 } };
				double[] big = gaussians(h * w, random);
				List<PairResampling.Destination> destinations = new ArrayList<>();
				for (int[] grid : smallGrids)
					destinations.add(new PairResampling.Destination(
						new PairResampling.Grid(grid[0], grid[1]), new PairResampling.Grid(h,
							w)));
				assertEquals(h == 11, PairResampling.movesDensely(h, w, destinations),
					"both ways of moving are tested");
				List<NDArray> moved = resampling.move(manager.create(big, new Shape(1,
					1, h, w)), destinations);
				for (int d = 0; d < smallGrids.length; d++) {
					int toH = smallGrids[d][0], toW = smallGrids[d][1];
					double[] small = gaussians(toH * toW, random);
					double expected = dot(resized(big, h, w, h, w), resized(small, toH,
						toW, h, w));
					assertEquals(expected, dot(moved.get(d).toDoubleArray(), small),
						1e-9);
				}
			}
			// the one-destination form, with a map that is smaller on one axis
			double[] wide = gaussians(3 * 12, random), tall = gaussians(7 * 4,
				random);
			NDArray wideOnTall = resampling.move(manager.create(wide, new Shape(1, 1,
				3, 12)), 7, 4, 7, 12);
			assertEquals(dot(resized(wide, 3, 12, 7, 12), resized(tall, 7, 4, 7, 12)),
				dot(wideOnTall.toDoubleArray(), tall), 1e-9);
		}
	}

	/**
	 * Squared norms and sums of (C, N, h, w) maps on several grids — the native
	 * one, integer and fractional ratios, one axis kept — against the resized
	 * maps.
	 */
	@Test
	void momentsAreThoseOfResizedMaps() {
		int channels = 2, images = 3;
		int[][] sizes = { { 5, 4 }, { 1, 6 }, { 2, 1 } };
		int[][] targets = { { 0, 0 }, { 10, 8 }, { 11, 9 }, { 5, 13 }, { 7, 4 } };
		Random random = new Random(5);
		try (NDManager manager = DjlEnvironment.engine().newBaseManager()) {
			PairResampling resampling = new PairResampling(manager, DataType.FLOAT64);
			PairResampling floats = new PairResampling(manager, DataType.FLOAT32);
			for (int[] size : sizes) {
				int h = size[0], w = size[1];
				double[] maps = gaussians(channels * images * h * w, random);
				List<PairResampling.Grid> grids = new ArrayList<>();
				for (int[] target : targets)
					grids.add(new PairResampling.Grid(Math.max(h, target[0]), Math.max(w,
						target[1])));
				NDArray array = manager.create(maps, new Shape(channels, images, h, w));
				double[] moments = resampling.moments(array, grids).toDoubleArray();
				double[] momentsOfFloats = floats.moments(array.toType(
					DataType.FLOAT32, false), grids).toDoubleArray();
				for (int g = 0; g < grids.size(); g++) {
					int targetH = grids.get(g).height(), targetW = grids.get(g).width();
					for (int c = 0; c < channels; c++) {
						double squares = 0, sums = 0, magnitudes = 0;
						for (int n = 0; n < images; n++) {
							double[] map = java.util.Arrays.copyOfRange(maps, (c * images +
								n) * h * w, (c * images + n + 1) * h * w);
							double[] up = resized(map, h, w, targetH, targetW);
							squares += dot(up, up);
							for (double v : up) {
								sums += v;
								magnitudes += Math.abs(v);
							}
						}
						// rows: each grid's squares, then each grid's sums
						int square = g * channels + c, sum = square + grids.size() * channels;
						assertEquals(squares, moments[square], 1e-9);
						assertEquals(sums, moments[sum], 1e-9);
						// float32 maps (their products summed over the images in float32):
						// as close as the maps' own rounding allows
						assertEquals(squares, momentsOfFloats[square], 1e-6 * squares);
						assertEquals(sums, momentsOfFloats[sum], 1e-6 * magnitudes);
					}
				}
			}
		}
	}
}
