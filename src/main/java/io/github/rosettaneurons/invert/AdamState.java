package io.github.rosettaneurons.invert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Adam (Kingma and Ba) for one parameter tensor, in engine ops on the parameter's device. The moments live in
 * {@code state}; each step's arithmetic runs in the gradient's manager (the caller's step scope) and only the new
 * moments and parameter are kept.
 */
final class AdamState {

	private static final double EPSILON = 1e-8;

	private final NDManager state;
	private final double beta1;
	private final double beta2;
	private NDArray firstMoment;
	private NDArray secondMoment;
	private int updates;

	AdamState(NDManager state, NDArray parameter, double beta1, double beta2) {
		this.state = state;
		this.beta1 = beta1;
		this.beta2 = beta2;
		firstMoment = state.zeros(parameter.getShape(), parameter.getDataType());
		secondMoment = state.zeros(parameter.getShape(), parameter.getDataType());
	}

	/** The updated parameter (in {@code state}); the old one and the old moments are closed. */
	NDArray step(NDArray parameter, NDArray gradient, double learningRate) {
		updates++;
		// written with the gradient as first operand so every intermediate lands in the step scope
		NDArray first = gradient.sub(firstMoment).mul((float) (1 - beta1)).add(firstMoment);
		NDArray second = gradient.square().sub(secondMoment).mul((float) (1 - beta2)).add(secondMoment);
		double firstCorrection = 1 - Math.pow(beta1, updates);
		double secondCorrection = 1 - Math.pow(beta2, updates);
		NDArray updated = first.div((float) firstCorrection).div(second.div((float) secondCorrection).sqrt().add((float) EPSILON))
			.mul((float) -learningRate).add(parameter);
		first.attach(state);
		second.attach(state);
		updated.attach(state);
		firstMoment.close();
		secondMoment.close();
		parameter.close();
		firstMoment = first;
		secondMoment = second;
		return updated;
	}
}
