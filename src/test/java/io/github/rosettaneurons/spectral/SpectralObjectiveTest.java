
package io.github.rosettaneurons.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.engine.DjlEnvironment;

/**
 * The hand-derived gradient of the spectral loss against central finite
 * differences, for both graph kinds.
 */
class SpectralObjectiveTest {

	@Test
	void gradientMatchesFiniteDifferencesOnLowRankAndKnnGraphs() {
		try (NDManager manager = DjlEnvironment.engine().newBaseManager()) {
			NDArray fine = features(manager, 2 * 36, 5, 1);
			NDArray coarse = features(manager, 2 * 9, 7, 2);
			NDArray keys = features(manager, 2 * 9, 7, 3);
			try (PixelGraph lowRank = new LowRankGraph(manager, fine, fine);
					PixelGraph keyQuery = new LowRankGraph(manager, coarse, keys);
					PixelGraph knn = new KnnGraph(manager, fine, fine, 36, 6, 4, 0.1);
					SpectralObjective objective = new SpectralObjective(manager, List.of(
						new SpectralObjective.Term(lowRank, 6, 6, 1),
						new SpectralObjective.Term(keyQuery, 3, 3, 2),
						new SpectralObjective.Term(knn, 6, 6, 1)), 6, 6, 2, 2))
			{
				NDArray logits = features(manager, 2 * 3 * 36, 1, 4).reshape(2, 3, 6,
					6);
				float[] gradient = objective.evaluate(manager, logits).gradient()
					.toFloatArray();
				float[] values = logits.toFloatArray();
				double step = 1e-2;
				double worst = 0;
				double scale = 0;
				for (int i = 0; i < values.length; i += 7) {
					double plus = lossWith(manager, objective, values, i, step);
					double minus = lossWith(manager, objective, values, i, -step);
					double numeric = (plus - minus) / (2 * step);
					worst = Math.max(worst, Math.abs(numeric - gradient[i]));
					scale = Math.max(scale, Math.abs(numeric));
				}
				assertTrue(scale > 1e-3, "the loss depends on the logits: " + scale);
				assertTrue(worst < 0.03 * scale, "largest deviation " + worst +
					" against gradients up to " + scale);
			}
		}
	}

	@Test
	void lowRankGraphIsARandomWalk() {
		try (NDManager manager = DjlEnvironment.engine().newBaseManager();
				LowRankGraph graph = new LowRankGraph(manager, features(manager, 50, 8,
					5), features(manager, 50, 8, 6)))
		{
			NDArray ones = manager.ones(new Shape(1, 50));
			float[] walked = graph.propagate(ones).toFloatArray();
			for (float value : walked)
				assertEquals(1, value, 1e-5, "rows of P sum to 1");
		}
	}

	@Test
	void knnGraphLinksPixelsWithinAndAcrossImagesAsARandomWalk() {
		try (NDManager manager = DjlEnvironment.engine().newBaseManager()) {
			NDArray features = features(manager, 3 * 10, 4, 7);
			try (KnnGraph graph = new KnnGraph(manager, features, features, 10, 3, 2,
				-2))
			{
				assertEquals(30L * (3 + 2), graph.edges(),
					"3 intra- and 2 inter-image neighbours per pixel, none dropped");
				float[] walked = graph.propagate(manager.ones(new Shape(1, 30)))
					.toFloatArray();
				for (float value : walked)
					assertEquals(1, value, 1e-5, "rows of P sum to 1");
			}
			try (KnnGraph sparse = new KnnGraph(manager, features, features, 10, 3, 2,
				0.99))
			{
				assertTrue(sparse.edges() < 30L * 5,
					"similarities at or below the threshold are dropped");
			}
		}
	}

	private static double lossWith(NDManager manager, SpectralObjective objective,
		float[] values, int index, double delta)
	{
		float[] changed = values.clone();
		changed[index] += (float) delta;
		try (NDManager scope = manager.newSubManager()) {
			return objective.evaluate(scope, scope.create(changed, new Shape(2, 3, 6,
				6))).loss();
		}
	}

	static NDArray features(NDManager manager, int rows, int columns, long seed) {
		Random random = new Random(seed);
		float[] values = new float[rows * columns];
		for (int i = 0; i < values.length; i++)
			values[i] = (float) random.nextGaussian();
		return manager.create(values, new Shape(rows, columns)).toType(
			DataType.FLOAT32, false);
	}
}
