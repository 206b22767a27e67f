
package io.github.rosettaneurons.rosetta;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

	@Test
	void movedMapsCorrelateLikeResizedOnes() {
		int h = 11, w = 9, toH = 4, toW = 5, targetH = 11, targetW = 9;
		Random random = new Random(3);
		double[] big = new double[h * w];
		double[] small = new double[toH * toW];
		for (int i = 0; i < big.length; i++)
			big[i] = random.nextGaussian();
		for (int i = 0; i < small.length; i++)
			small[i] = random.nextGaussian();
		double[] upBig = resized(big, h, w, targetH, targetW);
		double[] upSmall = resized(small, toH, toW, targetH, targetW);
		double expectedProduct = 0, expectedNorm = 0;
		for (int i = 0; i < upBig.length; i++) {
			expectedProduct += upBig[i] * upSmall[i];
			expectedNorm += upSmall[i] * upSmall[i];
		}
		try (NDManager manager = DjlEnvironment.engine().newBaseManager()) {
			PairResampling resampling = new PairResampling(manager, DataType.FLOAT64);
			NDArray bigMaps = manager.create(big, new Shape(1, 1, h, w));
			NDArray smallMaps = manager.create(small, new Shape(1, 1, toH, toW));
			NDArray moved = resampling.move(bigMaps, toH, toW, targetH, targetW);
			assertEquals(expectedProduct, moved.mul(smallMaps).sum().getDouble(),
				1e-9);
			assertEquals(expectedNorm, resampling.resizedSquaredNorms(smallMaps,
				targetH, targetW).getDouble(0), 1e-9);
		}
	}
}
