package io.github.rosettaneurons.spectral;

import ai.djl.ndarray.NDArray;

/**
 * Spectral components of one or more images on the assignment grid.
 *
 * @param eigenvectors (B, K, H, W) orthonormal over all pixels of the batch,
 *          strongest first
 * @param features (B, K, H, W) the same components scaled by their singular
 *          values, for grouping and colouring
 * @param singularValues K values, decreasing
 */
public record SpectralEmbedding(NDArray eigenvectors,NDArray features,float[]singularValues){}
