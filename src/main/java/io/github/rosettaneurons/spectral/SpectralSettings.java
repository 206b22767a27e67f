package io.github.rosettaneurons.spectral;

import java.util.Locale;

/**
 * Options of spectral grouping (see docs/spectral.md for defaults and the reference's values).
 *
 * @param channels K soft-assignment channels (eigenvectors sought)
 * @param steps gradient steps per image (per batch in dataset mode)
 * @param learningRate Adam's learning rate
 * @param eigenWeight a, weight of the Rayleigh-quotient term
 * @param orthoWeight b, weight of the off-diagonal Gram term
 * @param graph how each layer's pixels are linked
 * @param intraNeighbours neighbours per pixel in the same image (kNN graphs)
 * @param interNeighbours neighbours per pixel in the other images of a batch (kNN graphs, dataset mode)
 * @param threshold kNN similarities at or below it are dropped
 * @param segments clusters of the label image; 0 picks 2..maxSegments by silhouette
 * @param maxSegments the largest k tried when choosing by silhouette
 * @param seed seeds the initial assignments and k-means
 */
public record SpectralSettings(int channels,int steps,double learningRate,double eigenWeight,double orthoWeight,Graph graph,int intraNeighbours,int interNeighbours,double threshold,int segments,int maxSegments,long seed){

/** Dense low-rank cosine graph, or the reference's sparse kNN graph. */
public enum Graph {

		COSINE, KNN;

	public static Graph parse(String text) {
		try {
			return valueOf(text.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("Unknown graph '" + text +
				"'; use cosine or knn.");
		}
	}

	}

	public static SpectralSettings defaults() {
		return new SpectralSettings(8, 200, 0.05, 2, 2, Graph.KNN, 50, 50, 0.1, 0,
			10, 0);
	}

	public SpectralSettings

	{
		if (channels < 2) throw new IllegalArgumentException(
			"Spectral grouping needs at least 2 channels, not " + channels);
		if (steps < 1) throw new IllegalArgumentException(
			"Steps must be at least 1, not " + steps);
		if (segments == 1 || segments < 0) throw new IllegalArgumentException(
			"Segments must be 0 (automatic) or at " + "least 2, not " + segments);
		if (maxSegments < 2) throw new IllegalArgumentException(
			"The largest number of segments must be at least 2.");
	}

	public SpectralSettings withSteps(int value) {
		return new SpectralSettings(channels, value, learningRate, eigenWeight,
			orthoWeight, graph, intraNeighbours, interNeighbours, threshold, segments,
			maxSegments, seed);
	}

	public SpectralSettings withSegments(int value) {
		return new SpectralSettings(channels, steps, learningRate, eigenWeight,
			orthoWeight, graph, intraNeighbours, interNeighbours, threshold, value,
			maxSegments, seed);
	}
}
