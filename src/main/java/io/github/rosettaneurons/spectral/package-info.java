/**
 * Layer-distributed spectral grouping (Zhang, Yunis, Maire, CVPR 2024):
 * per-layer pixel graphs (kNN, low-rank cosine, key-query and value pathways),
 * eigenvectors fitted by gradient descent to all layers at once, the exact
 * baseline, k-means segments, PCA colours, the pathway measurements and the
 * result images ({@link io.github.rosettaneurons.spectral.SpectralPictures}).
 * Runs headless (no windows).
 */

package io.github.rosettaneurons.spectral;
