
package io.github.rosettaneurons.rosetta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.engine.DjlEnvironment;

/**
 * Float32 products summed in float32 over a few batches before they are
 * widened, against the same batches summed in float64.
 */
class PairScoresTest {

	private static final int ANCHOR_UNITS = 5, OTHER_UNITS = 4;
	/**
	 * Pixel terms per batch: short enough to be held back in float32, and 30
	 * batches cross {@link PairScores#FLOAT32_TERMS} several times.
	 */
	private static final int TERMS = 3000, BATCHES = 30;

	/** Skewed, positive-mean maps, like rectified activations. */
	private static NDArray maps(NDManager manager, int units, Random random) {
		double[] values = new double[units * TERMS];
		for (int k = 0; k < values.length; k++)
			values[k] = Math.exp(random.nextGaussian()) + 0.1 * (k % units);
		return manager.create(values, new Shape(units, TERMS));
	}

	private static void add(PairScores scores, NDArray a, NDArray b,
		DataType type)
	{
		scores.add(a.toType(type, false), b.toType(type, false), moments(a),
			moments(b), TERMS);
	}

	private static PairScores.UnitMoments moments(NDArray maps) {
		return new PairScores.UnitMoments(maps.square().sum(new int[] { 1 }), maps
			.sum(new int[] { 1 }));
	}

	private static double[] table(PairScores scores) {
		double[] anchorMean = scores.anchorSums.div(scores.pixels).toDoubleArray();
		double[] otherMean = scores.otherSums.div(scores.pixels).toDoubleArray();
		double[] table = new double[ANCHOR_UNITS * OTHER_UNITS];
		scores.scoresInto(ScoreVariant.GLOBAL_COSINE, anchorMean, otherMean, table,
			0, OTHER_UNITS, 0);
		return table;
	}

	private static double largestDifference(double[] x, double[] y) {
		double largest = 0;
		for (int k = 0; k < x.length; k++)
			largest = Math.max(largest, Math.abs(x[k] - y[k]));
		return largest;
	}

	@Test
	void heldBackFloat32ProductsGiveTheFloat64Scores() throws IOException {
		assertTrue(BATCHES * TERMS > 2 * PairScores.FLOAT32_TERMS &&
			2 * TERMS <= PairScores.FLOAT32_TERMS);
		Random random = new Random(7);
		try (NDManager manager = DjlEnvironment.engine().newBaseManager()) {
			double[] noShift = new double[ANCHOR_UNITS], noOtherShift =
				new double[OTHER_UNITS];
			PairScores exact = new PairScores(manager, noShift, noOtherShift, false);
			PairScores whole = new PairScores(manager, noShift, noOtherShift, false);
			PairScores first = new PairScores(manager, noShift, noOtherShift, false);
			PairScores second = new PairScores(manager, noShift, noOtherShift, false);
			for (int batch = 0; batch < BATCHES; batch++) {
				NDArray a = maps(manager, ANCHOR_UNITS, random), b = maps(manager,
					OTHER_UNITS, random);
				add(exact, a, b, DataType.FLOAT64);
				add(whole, a, b, DataType.FLOAT32);
				add(batch < BATCHES / 2 + 1 ? first : second, a, b, DataType.FLOAT32);
			}
			double[] expected = table(exact);
			assertTrue(largestDifference(expected, table(whole)) < 1e-6,
				"one float32 run: " + largestDifference(expected, table(whole)));

			// shards written and read while products are still held back, then
			// merged
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			second.write(new DataOutputStream(bytes));
			PairScores read = PairScores.read(new DataInputStream(
				new ByteArrayInputStream(bytes.toByteArray())), manager);
			first.merge(read);
			assertEquals(BATCHES, first.batches);
			assertTrue(largestDifference(expected, table(first)) < 1e-6,
				"merged float32 shards: " + largestDifference(expected, table(first)));
		}
	}
}
