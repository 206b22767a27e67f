
package io.github.rosettaneurons.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Adam (Kingma and Ba) updating a parameter tensor and its two moment tensors
 * in place, in engine ops on their device. The caller owns all three (they may
 * be rows of larger stores) and counts the steps; each step's temporaries live
 * in a scope below the gradient's manager and are gone when it returns.
 */
public final class Adam {

	private static final double EPSILON = 1e-8;

	private final double learningRate;
	private final double beta1;
	private final double beta2;

	/**
	 * Adam with a base {@code learningRate} and the moment decays {@code beta1}
	 * and {@code beta2}.
	 */
	public Adam(double learningRate, double beta1, double beta2) {
		if (!(learningRate > 0)) throw new IllegalArgumentException(
			"The learning rate must be positive, not " + learningRate);
		this.learningRate = learningRate;
		this.beta1 = beta1;
		this.beta2 = beta2;
	}

	/** Adam with PyTorch's default moment decays (0.9, 0.999). */
	public static Adam withDefaultBetas(double learningRate) {
		return new Adam(learningRate, 0.9, 0.999);
	}

	/** Step number {@code step} (1-based) at the base learning rate. */
	public void step(NDArray parameter, NDArray first, NDArray second,
		NDArray gradient, int step)
	{
		step(parameter, first, second, gradient, step, learningRate);
	}

	/**
	 * Step number {@code step} (1-based) with gradient g at {@code rate} (a
	 * schedule's): m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², p ← p − rate · m/(1
	 * − β₁ᵗ) / (√(v/(1 − β₂ᵗ)) + ε).
	 */
	public void step(NDArray parameter, NDArray first, NDArray second,
		NDArray gradient, int step, double rate)
	{
		try (NDManager temporaries = gradient.getManager().newSubManager()) {
			temporaries.tempAttachAll(parameter, first, second, gradient);
			first.muli(beta1).addi(gradient.mul(1 - beta1));
			second.muli(beta2).addi(gradient.square().mul(1 - beta2));
			double firstCorrection = 1 - Math.pow(beta1, step);
			double secondCorrection = 1 - Math.pow(beta2, step);
			NDArray denominator = second.div(secondCorrection).sqrt().add(EPSILON);
			parameter.subi(first.div(denominator).mul(rate / firstCorrection));
		}
	}
}
