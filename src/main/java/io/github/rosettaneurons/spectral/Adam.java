package io.github.rosettaneurons.spectral;

import ai.djl.ndarray.NDArray;

/**
 * Adam (AdamW when {@code weightDecay} > 0, decoupled as in PyTorch) updating parameters in place. The moment
 * arrays must live as long as the parameters; the caller attaches all three to each step's scope.
 */
final class Adam {

	private static final double BETA1 = 0.9;
	private static final double BETA2 = 0.999;
	private static final double EPSILON = 1e-8;

	private final double learningRate;
	private final double weightDecay;

	Adam(double learningRate, double weightDecay) {
		if (!(learningRate > 0)) throw new IllegalArgumentException("The learning rate must be positive, not " + learningRate);
		this.learningRate = learningRate;
		this.weightDecay = weightDecay;
	}

	/** One step number {@code step} (1-based) with gradient g; updates parameters, first and second moments. */
	void step(NDArray parameters, NDArray first, NDArray second, NDArray gradient, int step) {
		first.muli(BETA1).addi(gradient.mul(1 - BETA1));
		second.muli(BETA2).addi(gradient.square().mul(1 - BETA2));
		double firstCorrection = 1 - Math.pow(BETA1, step);
		double secondCorrection = 1 - Math.pow(BETA2, step);
		if (weightDecay > 0) parameters.muli(1 - learningRate * weightDecay);
		NDArray denominator = second.div(secondCorrection).sqrt().add(EPSILON);
		parameters.subi(first.div(denominator).mul(learningRate / firstCorrection));
	}
}
