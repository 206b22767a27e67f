
package io.github.rosettaneurons.spectral;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The layer-distributed spectral loss of Zhang, Yunis and Maire, with its
 * gradient derived by hand as batched tensor ops. Soft assignments X = softmax
 * over K channels of logits (B, K, H, W) are average-pooled to each layer's
 * grid and L2-normalised per channel over all N pixels of the batch (ẑ_k); then
 *
 * <pre>
 *   L = a · mean_{l,k} w_l |ẑ_kᵀ P_l ẑ_k − 1|  +  b · mean_{l, j≠k} w_l (ẑ_jᵀ ẑ_k)²
 * </pre>
 *
 * pushes every channel towards the leading (eigenvalue 1) eigenspace of every
 * random walk P_l, while the Gram penalty keeps channels apart. Because the
 * loss is on activations, no gradient flows through the network.
 */
public final class SpectralObjective implements AutoCloseable {

	/**
	 * One layer's graph over the batch's pixels on an h×w grid, weighted by
	 * {@code weight}.
	 */
	public record Term(PixelGraph graph, int height, int width, double weight) {}

	/**
	 * The loss, its two parts (already weighted by a and b) and ∂L/∂logits in the
	 * caller's scope.
	 */
	public record Evaluation(double loss, double eigenLoss, double orthoLoss,
		NDArray gradient)
	{}

	private final NDManager manager;
	private final List<Term> terms;
	private final double eigenWeight;
	private final double orthoWeight;
	private final List<NDArray[]> pooling = new ArrayList<>();

	public SpectralObjective(NDManager parent, List<Term> terms, int height,
		int width, double eigenWeight, double orthoWeight)
	{
		if (terms.isEmpty()) throw new IllegalArgumentException(
			"The spectral loss needs at least one layer.");
		this.manager = parent.newSubManager();
		this.terms = List.copyOf(terms);
		this.eigenWeight = eigenWeight;
		this.orthoWeight = orthoWeight;
		for (Term term : terms) {
			NDArray rows = manager.create(AveragePooling.matrix(height, term
				.height()), new Shape(term.height(), height));
			NDArray columns = manager.create(AveragePooling.matrix(width, term
				.width()), new Shape(term.width(), width));
			pooling.add(new NDArray[] { rows, rows.transpose(), columns, columns
				.transpose() });
		}
	}

	/**
	 * Loss and gradient for logits (B, K, H, W); nothing the caller did not ask
	 * for outlives the call.
	 */
	public Evaluation evaluate(NDManager scope, NDArray logits) {
		Shape shape = logits.getShape();
		long images = shape.get(0);
		long channels = shape.get(1);
		if (channels < 2) throw new IllegalArgumentException(
			"Spectral grouping needs at least 2 channels, not " + channels);
		double eigenScale = eigenWeight / (terms.size() * channels);
		double orthoScale = orthoWeight / (terms.size() * channels * (channels -
			1));
		try (NDManager local = scope.newSubManager()) {
			local.tempAttachAll(logits);
			for (NDArray[] matrices : pooling)
				local.tempAttachAll(matrices);
			NDArray x = logits.softmax(1);
			NDArray gradientX = local.zeros(shape);
			NDArray offDiagonal = local.eye((int) channels).neg().add(1);
			double eigen = 0;
			double ortho = 0;
			for (int t = 0; t < terms.size(); t++) {
				Term term = terms.get(t);
				NDArray[] pool = pooling.get(t);
				long n = images * term.height() * term.width();
				NDArray y = pool[0].matMul(x).matMul(pool[3]).transpose(1, 0, 2, 3)
					.reshape(channels, n);
				NDArray norm = y.norm(new int[] { 1 }, true).add(1e-12f);
				NDArray z = y.div(norm);
				NDArray walked = term.graph().propagate(z);
				NDArray deviation = z.mul(walked).sum(new int[] { 1 }, true).sub(1);
				NDArray gram = z.matMul(z.transpose()).mul(offDiagonal);
				eigen += term.weight() * deviation.abs().sum().getFloat();
				ortho += term.weight() * gram.square().sum().getFloat();
				NDArray gradientZ = walked.add(term.graph().propagateTransposed(z)).mul(
					deviation.sign()).mul(eigenScale * term.weight()).add(gram.matMul(z)
						.mul(4 * orthoScale * term.weight()));
				NDArray gradientY = gradientZ.sub(z.mul(z.mul(gradientZ).sum(new int[] {
					1 }, true))).div(norm);
				NDArray pooledGradient = gradientY.reshape(channels, images, term
					.height(), term.width()).transpose(1, 0, 2, 3);
				gradientX.addi(pool[1].matMul(pooledGradient).matMul(pool[2]));
			}
			NDArray gradient = x.mul(gradientX.sub(x.mul(gradientX).sum(new int[] {
				1 }, true)));
			gradient.attach(scope);
			double eigenLoss = eigenWeight * eigen / (terms.size() * channels);
			double orthoLoss = orthoWeight * ortho / (terms.size() * channels *
				(channels - 1));
			return new Evaluation(eigenLoss + orthoLoss, eigenLoss, orthoLoss,
				gradient);
		}
	}

	public int layers() {
		return terms.size();
	}

	/** Closes the pooling matrices; the graphs belong to the caller. */
	@Override
	public void close() {
		manager.close();
	}
}
