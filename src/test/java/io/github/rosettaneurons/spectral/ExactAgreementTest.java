
package io.github.rosettaneurons.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.Preprocessor;
import io.github.rosettaneurons.engine.Adam;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;

/**
 * On a single layer the gradient method must find the same subspace as an exact
 * eigensolver: the span of its K normalised assignment channels against the K
 * leading right eigenvectors of the layer's random walk, measured by the
 * normalised projector distance ‖P₁ − P₂‖_F / √(2K) (0 = same subspace, about 1
 * = unrelated).
 */
class ExactAgreementTest {

	private static final int K = 4;

	@Test
	void gradientSolutionSpansTheExactLeadingEigenvectorsOnOneLayer() {
		ModelPackage modelPackage = TestZoo.open("resnet-shapes");
		try (Network network = modelPackage.load();
				NDManager scope = network.newScope())
		{
			NDArray input = new Preprocessor(modelPackage.manifest()).toBatch(scope,
				List.of(ObjectMasks.image(0)));
			NDArray maps = network.activations(input, modelPackage.manifest().layers(
				"layer3")).get("layer3");
			NDArray features = SpectralGrouper.pixelRows(maps);
			try (KnnGraph graph = new KnnGraph(scope, features, features, 64, 10, 0,
				0.1);
					SpectralObjective objective = new SpectralObjective(scope, List.of(
						new SpectralObjective.Term(graph, 8, 8, 1)), 8, 8, 2, 2))
			{
				Shape table = new Shape(1, K, 8, 8);
				NDArray logits = SpectralGrouper.initialLogits(scope, table, 0);
				SpectralSolver.solve(objective, logits, scope.zeros(table), scope.zeros(
					table), 0, 1500, Adam.withDefaultBetas(0.05), Progress.NONE, "test");
				NDArray assignments = logits.softmax(1).reshape(K, 64);
				NDArray exact = ExactSpectrum.leadingSubspace(scope, graph, K);
				double gradient = projectorDistance(assignments, exact);
				double random = projectorDistance(SpectralObjectiveTest.features(scope,
					K, 64, 9), exact);
				System.out.printf(
					"projector distance to the exact subspace: gradient %.3f, random %.3f%n",
					gradient, random);
				assertTrue(gradient < 0.3, "gradient vs exact subspace: " + gradient +
					" (random: " + random + ")");
				assertTrue(gradient < random / 2, "gradient " + gradient +
					" vs random " + random);
			}
		}
	}

	@Test
	void deepSpectralBaselineSolvesTheGeneralisedEigenproblem() {
		try (NDManager manager = ai.djl.engine.Engine.getEngine("PyTorch")
			.newBaseManager())
		{
			NDArray features = SpectralObjectiveTest.features(manager, 40, 6, 11);
			ExactSpectrum spectrum = new ExactSpectrum(features, 3,
				ExactSpectrum.Affinity.CLAMPED_COSINE);
			assertEquals(0, spectrum.eigenvalues[0], 1e-5,
				"the constant vector solves (D − W)y = 0");
			// check (D − W)y = λDy directly on the dense affinity
			NDArray unit = LowRankGraph.unitRows(features);
			NDArray w = unit.matMul(unit.transpose()).maximum(0);
			w = w.div(w.max());
			NDArray degrees = w.sum(new int[] { 1 }, true);
			for (int i = 0; i < 3; i++) {
				NDArray y = spectrum.vectors.get(i + "").reshape(40, 1);
				NDArray residual = degrees.mul(y).sub(w.matMul(y)).sub(degrees.mul(y)
					.mul(spectrum.eigenvalues[i]));
				assertTrue(residual.abs().max().getFloat() < 1e-4, "eigenpair " + i);
				assertTrue(i == 0 || spectrum.eigenvalues[i] >= spectrum.eigenvalues[i -
					1] - 1e-9, "increasing");
			}
		}
	}

	/** ‖P₁ − P₂‖_F / √(2K) between the row spaces of two (K, N) arrays. */
	static double projectorDistance(NDArray a, NDArray b) {
		NDArray qa = ExactSpectrum.orthonormalColumns(a.transpose().toType(
			ai.djl.ndarray.types.DataType.FLOAT64, false));
		NDArray qb = ExactSpectrum.orthonormalColumns(b.transpose().toType(
			ai.djl.ndarray.types.DataType.FLOAT64, false));
		double overlap = qa.transpose().matMul(qb).square().sum().getDouble();
		return Math.sqrt(Math.max(0, 2 * K - 2 * overlap) / (2 * K));
	}
}
