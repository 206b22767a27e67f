
package io.github.rosettaneurons.spectral;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.BilinearResize;
import io.github.rosettaneurons.data.SourceImage;

/**
 * From optimised assignments to what users see: SVD re-orthogonalisation, PCA
 * colours and k-means segments shared by all images given together (so a
 * dataset's segments and colours mean the same thing in every image), with
 * labels at each image's own resolution from bilinearly upsampled features.
 */
final class Groupings {

	private Groupings() {}

	static List<ImageGrouping> of(NDArray logits, List<SourceImage> images,
		SpectralSettings settings, double loss)
	{
		NDManager manager = logits.getManager();
		Shape shape = logits.getShape();
		int channels = (int) shape.get(1);
		int gridHeight = (int) shape.get(2);
		int gridWidth = (int) shape.get(3);
		SpectralEmbedding embedding = Orthogonalisation.of(logits.softmax(1));
		NDArray pixels = embedding.features().transpose(0, 2, 3, 1).reshape(-1,
			channels);
		int[] colours = PcaColours.of(pixels);
		KMeans.Clustering clustering = segments(pixels, settings);
		int k = (int) clustering.centres().getShape().get(0);
		float[] vectors = embedding.eigenvectors().toFloatArray();
		int plane = gridWidth * gridHeight;
		List<ImageGrouping> result = new ArrayList<>();
		for (int i = 0; i < images.size(); i++) {
			SourceImage image = images.get(i);
			NDArray features = embedding.features().get(i + "");
			int[] labels = KMeans.assign(upsample(manager, features, image.width(),
				image.height()), clustering.centres());
			float[] ownVectors = new float[channels * plane];
			System.arraycopy(vectors, i * channels * plane, ownVectors, 0,
				ownVectors.length);
			int[] ownColours = new int[plane];
			System.arraycopy(colours, i * plane, ownColours, 0, plane);
			result.add(new ImageGrouping(image.name(), gridWidth, gridHeight,
				ownVectors, embedding.singularValues(), ownColours, image.width(), image
					.height(), labels, k, loss));
		}
		return result;
	}

	private static KMeans.Clustering segments(NDArray pixels,
		SpectralSettings settings)
	{
		long seed = settings.seed();
		if (settings.segments() > 0) return KMeans.fit(pixels, settings.segments(),
			seed);
		KMeans.Clustering best = null;
		double bestScore = Double.NEGATIVE_INFINITY;
		long n = pixels.getShape().get(0);
		for (int k = 2; k <= Math.min(settings.maxSegments(), n - 1); k++) {
			KMeans.Clustering candidate = KMeans.fit(pixels, k, seed);
			double score = KMeans.silhouette(pixels, candidate.labels(), k);
			if (score > bestScore) {
				bestScore = score;
				best = candidate;
			}
		}
		return best;
	}

	/**
	 * (K, h, w) features to (H·W, K) rows at the image's size, bilinear with
	 * half-pixel centres.
	 */
	private static NDArray upsample(NDManager manager, NDArray features,
		int width, int height)
	{
		Shape shape = features.getShape();
		int h = (int) shape.get(1);
		int w = (int) shape.get(2);
		NDArray rows = manager.create(toFloats(BilinearResize.matrix(h, height)),
			new Shape(height, h));
		NDArray columns = manager.create(toFloats(BilinearResize.matrix(w, width)),
			new Shape(width, w));
		return rows.matMul(features).matMul(columns.transpose()).reshape(shape.get(
			0), (long) height * width).transpose();
	}

	private static float[] toFloats(double[] values) {
		float[] result = new float[values.length];
		for (int i = 0; i < values.length; i++)
			result[i] = (float) values[i];
		return result;
	}
}
