
package io.github.rosettaneurons.spectral;

import ai.djl.ndarray.NDArray;

/**
 * A random-walk matrix P = D⁻¹W over the N pixels of one layer (of one image,
 * or of a batch of images), applied to K vectors at once without ever holding a
 * dense N×N matrix. Vectors are the rows of a (K, N) array.
 */
public interface PixelGraph extends AutoCloseable {

	long nodes();

	/**
	 * Z·Pᵀ, i.e. P applied to every row of {@code z}; the result lives in
	 * {@code z}'s manager.
	 */
	NDArray propagate(NDArray z);

	/**
	 * Z·P, i.e. Pᵀ applied to every row of {@code z}; the result lives in
	 * {@code z}'s manager.
	 */
	NDArray propagateTransposed(NDArray z);

	@Override
	void close();
}
