
package io.github.rosettaneurons.spectral;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.rosettaneurons.engine.Adam;
import io.github.rosettaneurons.engine.Progress;

/**
 * Gradient descent (Adam) on assignment logits against a spectral objective, in
 * place, with progress and cancel.
 */
final class SpectralSolver {

	private SpectralSolver() {}

	/**
	 * Runs {@code steps} Adam steps on {@code logits} (B, K, H, W); {@code first}
	 * and {@code second} are its moments and {@code done} the steps they have
	 * already seen. Returns the last loss.
	 */
	static double solve(SpectralObjective objective, NDArray logits,
		NDArray first, NDArray second, int done, int steps, Adam adam,
		Progress progress, String label)
	{
		double loss = Double.NaN;
		for (int step = 1; step <= steps; step++) {
			if (step % 10 == 1) {
				progress.checkCancelled();
				progress.report(step - 1, steps, label + ": step " + step + " of " +
					steps);
			}
			try (NDManager scope = logits.getManager().newSubManager()) {
				scope.tempAttachAll(logits, first, second);
				SpectralObjective.Evaluation evaluation = objective.evaluate(scope,
					logits);
				adam.step(logits, first, second, evaluation.gradient(), done + step);
				loss = evaluation.loss();
			}
		}
		return loss;
	}
}
