
package io.github.rosettaneurons.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The engine's Adam against the formula of Kingma and Ba, written out in
 * doubles, on a three-element tensor.
 */
class AdamTest {

	private static final double BETA1 = 0.5;
	private static final double BETA2 = 0.999;
	private static final double RATE = 0.1;
	private static final float[][] GRADIENTS = { { 0.3f, -2f, 0.01f }, { -0.1f,
		-1f, 0.02f }, { 0.4f, 0.5f, -0.03f } };
	/** The rate of each step: the base rate, then a schedule's. */
	private static final double[] RATES = { RATE, 0.05, 0.2 };

	@Test
	void stepsFollowTheFormulaAndKeepTheCallersArrays() {
		double[] p = { 0.5, -1, 2 };
		double[] m = new double[3];
		double[] v = new double[3];
		try (NDManager store = DjlEnvironment.engine().newBaseManager()) {
			NDArray parameter = store.create(new float[] { 0.5f, -1f, 2f });
			NDArray first = store.zeros(parameter.getShape());
			NDArray second = store.zeros(parameter.getShape());
			Adam adam = new Adam(RATE, BETA1, BETA2);
			for (int t = 1; t <= GRADIENTS.length; t++) {
				float[] g = GRADIENTS[t - 1];
				for (int i = 0; i < p.length; i++) {
					m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
					v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
					double corrected = m[i] / (1 - Math.pow(BETA1, t));
					p[i] -= RATES[t - 1] * corrected / (Math.sqrt(v[i] / (1 - Math.pow(
						BETA2, t))) + 1e-8);
				}
				try (NDManager step = store.newSubManager()) {
					NDArray gradient = step.create(g);
					if (t == 1) adam.step(parameter, first, second, gradient, t);
					else adam.step(parameter, first, second, gradient, t, RATES[t - 1]);
					assertEquals(1, step.getManagedArrays().size(),
						"the step's temporaries are freed");
				}
				assertArrayEquals(floats(m), first.toFloatArray(), 1e-6f,
					"first moment after step " + t);
				assertArrayEquals(floats(v), second.toFloatArray(), 1e-6f,
					"second moment after step " + t);
				assertArrayEquals(floats(p), parameter.toFloatArray(), 1e-6f,
					"parameter after step " + t);
			}
			assertEquals(3, store.getManagedArrays().size(),
				"parameter and moments stay in the caller's manager");
		}
	}

	@Test
	void aRateThatIsNotPositiveIsRefused() {
		String message = assertThrows(IllegalArgumentException.class, () -> Adam
			.withDefaultBetas(0)).getMessage();
		assertEquals("The learning rate must be positive, not 0.0", message);
	}

	private static float[] floats(double[] values) {
		float[] result = new float[values.length];
		for (int i = 0; i < values.length; i++)
			result[i] = (float) values[i];
		return result;
	}
}
