
package io.github.rosettaneurons.spectral;

/**
 * One axis of PyTorch's adaptive average pooling as an (out × in) matrix:
 * output cell i averages input cells floor(i·in/out) .. ceil((i+1)·in/out) − 1.
 * A 2-D pooling of a map X is R_h·X·R_wᵀ, and its adjoint R_hᵀ·G·R_w carries
 * gradients back.
 */
final class AveragePooling {

	private AveragePooling() {}

	static float[] matrix(int in, int out) {
		if (out > in) throw new IllegalArgumentException("Cannot pool " + in +
			" cells to " + out + "; the assignment " +
			"grid must be at least as fine as every layer.");
		float[] r = new float[out * in];
		for (int i = 0; i < out; i++) {
			int start = (int) Math.floor((double) i * in / out);
			int end = (int) Math.ceil((double) (i + 1) * in / out);
			for (int j = start; j < end; j++)
				r[i * in + j] = 1f / (end - start);
		}
		return r;
	}
}
