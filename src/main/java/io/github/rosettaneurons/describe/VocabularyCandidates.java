
package io.github.rosettaneurons.describe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.github.rosettaneurons.data.ImageSource;
import io.github.rosettaneurons.data.SourceImage;

/**
 * Step 2 without a captioner (the reference's CLIP-vocabulary ablation): words
 * of a vocabulary (the concept set's label names or a user's list) are scored
 * by an image-text encoder as (m_unit − m_layer) · t_w, where m_unit is the
 * mean image embedding of the unit's top images, m_layer that of all described
 * units' top images, and t_w the word's text embedding; the best {@code count}
 * words are the candidates. Subtracting m_layer keeps words that fit every
 * image (e.g. "shape") from winning everywhere.
 */
public final class VocabularyCandidates implements CandidateGenerator {

	private static final int CHUNK = 32;

	private final TextEmbedder text;
	private final ImageEmbedder images;
	private final List<String> words;
	private final int count;
	private float[][] wordEmbeddings;
	private float[] layerMean;

	public VocabularyCandidates(TextEmbedder text, ImageEmbedder images,
		List<String> words, int count)
	{
		if (words.isEmpty()) throw new IllegalArgumentException(
			"The vocabulary is empty.");
		this.text = text;
		this.images = images;
		this.words = List.copyOf(words);
		this.count = count;
	}

	@Override
	public String name() {
		return "vocabulary of " + words.size() + " words scored by " + text.name();
	}

	@Override
	public void prepare(ImageSource probe, int[] allTopImages) {
		wordEmbeddings = text.embedTexts(words);
		double[] sum = null;
		for (int first = 0; first < allTopImages.length; first += CHUNK) {
			List<SourceImage> chunk = new ArrayList<>();
			for (int i = first; i < Math.min(first + CHUNK, allTopImages.length); i++)
				chunk.add(probe.get(allTopImages[i]));
			for (float[] row : images.embed(chunk)) {
				if (sum == null) sum = new double[row.length];
				for (int d = 0; d < row.length; d++)
					sum[d] += row[d];
			}
		}
		layerMean = mean(sum, allTopImages.length);
	}

	@Override
	public List<String> candidates(UnitEvidence evidence) {
		if (wordEmbeddings == null) throw new IllegalStateException(
			"prepare() must run first");
		double[] sum = null;
		float[][] rows = images.embed(evidence.topImages());
		for (float[] row : rows) {
			if (sum == null) sum = new double[row.length];
			for (int d = 0; d < row.length; d++)
				sum[d] += row[d];
		}
		float[] unitMean = mean(sum, rows.length);
		float[] direction = new float[unitMean.length];
		for (int d = 0; d < direction.length; d++)
			direction[d] = unitMean[d] - layerMean[d];
		float[] scores = Vectors.dots(new float[][] { direction }, wordEmbeddings);
		List<Integer> order = new ArrayList<>();
		for (int w = 0; w < words.size(); w++)
			order.add(w);
		order.sort(Comparator.comparingDouble((Integer w) -> -scores[w])
			.thenComparingInt(w -> w));
		return order.stream().limit(count).map(words::get).toList();
	}

	private static float[] mean(double[] sum, int n) {
		if (sum == null) throw new IllegalArgumentException("No images to embed.");
		float[] mean = new float[sum.length];
		for (int d = 0; d < sum.length; d++)
			mean[d] = (float) (sum[d] / n);
		return mean;
	}
}
