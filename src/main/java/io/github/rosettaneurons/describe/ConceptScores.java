
package io.github.rosettaneurons.describe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Step 3 of Describe-and-Dissect for one unit: the candidates' concept images
 * are ranked together by the unit's activation; each candidate gets a rank
 * statistic, its ordinal, and (for {@link Scoring#TOPK_COMPARE}) the
 * image-similarity weight W_c: the mean cosine between the unit's top images
 * and those of the candidate's images that fall in the global top
 * {@link #TOP_GENERATED}, or −1 when none does.
 */
public final class ConceptScores {

	/**
	 * The reference's top_K_param: generated images in the global top 10 enter
	 * the similarity term.
	 */
	public static final int TOP_GENERATED = 10;

	private ConceptScores() {}

	/**
	 * A scored candidate. {@code similarity} is NaN when the scoring does not use
	 * it.
	 */
	public record Scored(String concept, double score, int ordinal,
		double statistic, double similarity, int images)
	{}

	/**
	 * Scores candidates.
	 *
	 * @param concepts the candidates, in order (ties go to the earlier one)
	 * @param activations the unit's pooled activation on every concept image
	 * @param conceptOf for every concept image, the index of its candidate
	 * @param similarity cosine of concept image i (column) to each of the unit's
	 *          top images (rows), row-major (topImages × images); may be null
	 *          unless the scoring uses image similarity
	 * @return the candidates, best first
	 */
	public static List<Scored> score(List<String> concepts, float[] activations,
		int[] conceptOf, float[] similarity, Scoring scoring)
	{
		int n = activations.length;
		if (conceptOf.length != n) throw new IllegalArgumentException(
			"One concept per image: " + conceptOf.length + " vs " + n);
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++)
			order[i] = i;
		java.util.Arrays.sort(order, (a, b) -> Float.compare(activations[b],
			activations[a]));
		int[] rankOf = new int[n];
		for (int position = 0; position < n; position++)
			rankOf[order[position]] = position;

		int count = concepts.size();
		double[] statistic = new double[count];
		double[] weight = new double[count];
		int[] imagesOf = new int[count];
		for (int c = 0; c < count; c++) {
			int concept = c;
			int[] ranks = java.util.stream.IntStream.range(0, n).filter(
				i -> conceptOf[i] == concept).map(i -> rankOf[i]).sorted().toArray();
			imagesOf[c] = ranks.length;
			statistic[c] = scoring.statistic(ranks);
			weight[c] = scoring.usesImageSimilarity() ? similarityWeight(concept,
				conceptOf, rankOf, similarity, n) : Double.NaN;
		}
		Integer[] byStatistic = new Integer[count];
		for (int c = 0; c < count; c++)
			byStatistic[c] = c;
		java.util.Arrays.sort(byStatistic, Comparator.comparingDouble((
			Integer c) -> statistic[c]).thenComparingInt(c -> c));
		List<Scored> scored = new ArrayList<>();
		for (int position = 0; position < count; position++) {
			int c = byStatistic[position];
			int ordinal = count - position;
			double score = scoring.usesImageSimilarity() ? ordinal * weight[c]
				: ordinal;
			scored.add(new Scored(concepts.get(c), score, ordinal, statistic[c],
				weight[c], imagesOf[c]));
		}
		// stable: equal scores keep the rank order
		scored.sort(Comparator.comparingDouble(Scored::score).reversed());
		return scored;
	}

	private static double similarityWeight(int concept, int[] conceptOf,
		int[] rankOf, float[] similarity, int n)
	{
		if (similarity == null) throw new IllegalArgumentException(
			"This scoring needs image similarities.");
		int topImages = similarity.length / n;
		double sum = 0;
		int m = 0;
		for (int i = 0; i < n; i++) {
			if (conceptOf[i] != concept || rankOf[i] >= TOP_GENERATED) continue;
			m++;
			for (int t = 0; t < topImages; t++)
				sum += similarity[t * n + i];
		}
		return m == 0 || topImages == 0 ? -1 : sum / (m * (double) topImages);
	}
}
