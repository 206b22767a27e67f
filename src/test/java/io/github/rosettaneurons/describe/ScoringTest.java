
package io.github.rosettaneurons.describe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The running top-K, the concept scoring variants and the candidate clean-up
 * against their definitions.
 */
class ScoringTest {

	@Test
	void runningTopKOverBatchesEqualsTheTopKOfAllImages() {
		Random random = new Random(1);
		int units = 3;
		int images = 97;
		float[] all = new float[images * units];
		for (int i = 0; i < all.length; i++)
			all[i] = random.nextInt(40); // many ties
		RunningTopK topK = new RunningTopK(units, 10);
		for (int first = 0; first < images; first += 16) {
			int batch = Math.min(16, images - first);
			topK.add(first, java.util.Arrays.copyOfRange(all, first * units, (first +
				batch) * units), batch);
		}
		for (int unit = 0; unit < units; unit++) {
			int u = unit;
			int[] expected = java.util.stream.IntStream.range(0, images).boxed()
				.sorted((a, b) -> Float.compare(all[b * units + u], all[a * units + u]))
				.limit(10).mapToInt(i -> i).toArray();
			assertArrayEquals(expected, topK.images(unit), "unit " + unit +
				": stable order on ties");
			assertEquals(all[expected[0] * units + unit], topK.values(unit)[0]);
		}
	}

	@Test
	void topkSquaredMeanOrdinalAndSimilarityFollowTheReference() {
		List<String> concepts = List.of("a", "b", "c");
		// 3 concepts × 6 images; activations make the global order a a b a b b c
		// ... and c last
		float[] activations = { 10, 9, 7, 1, 0.5f, 0.4f, 8, 6, 5, 0.9f, 0.8f, 0.7f,
			0.3f, 0.2f, 0.1f, 0.05f, 0.04f, 0.03f };
		int[] conceptOf = { 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2 };
		// ranks: a → 0,1,3,6,10,11 ; b → 2,4,5,7,8,9 ; c → 12..17
		float[] similarity = new float[2 * 18];
		for (int i = 0; i < 18; i++) {
			similarity[i] = conceptOf[i] == 0 ? 0.2f : 0.9f;
			similarity[18 + i] = conceptOf[i] == 0 ? 0.4f : 0.7f;
		}
		List<ConceptScores.Scored> rankOnly = ConceptScores.score(concepts,
			activations, conceptOf, null, Scoring.TOPK_SQ_MEAN);
		assertEquals(List.of("a", "b", "c"), rankOnly.stream().map(
			ConceptScores.Scored::concept).toList());
		assertEquals((0 + 1 + 9 + 36 + 100) / 5.0, rankOnly.get(0).statistic(),
			1e-12, "five best ranks squared");
		assertEquals((4 + 16 + 25 + 49 + 64) / 5.0, rankOnly.get(1).statistic(),
			1e-12);
		assertEquals(3, rankOnly.get(0).ordinal());
		assertEquals(3.0, rankOnly.get(0).score());

		List<ConceptScores.Scored> compare = ConceptScores.score(concepts,
			activations, conceptOf, similarity, Scoring.TOPK_COMPARE);
		// a: ordinal 3, W = mean(0.2, 0.4) = 0.3 → 0.9; b: ordinal 2, W = 0.8 →
		// 1.6; c: none in the top 10 → 1 × -1
		assertEquals(List.of("b", "a", "c"), compare.stream().map(
			ConceptScores.Scored::concept).toList());
		assertEquals(1.6, compare.get(0).score(), 1e-6);
		assertEquals(0.9, compare.get(1).score(), 1e-6);
		assertEquals(-1, compare.get(2).similarity());

		assertEquals((0 + 1 + 3 + 6 + 10 + 11) / 6.0, ConceptScores.score(concepts,
			activations, conceptOf, null, Scoring.MEAN).get(0).statistic(), 1e-12);
		assertEquals((3 + 6) / 2.0, ConceptScores.score(concepts, activations,
			conceptOf, null, Scoring.MEDIAN).get(0).statistic(), 1e-12);
	}

	@Test
	void conceptsWithoutImagesComeLast() {
		List<ConceptScores.Scored> scored = ConceptScores.score(List.of("none",
			"some"), new float[] { 1, 2 }, new int[] { 1, 1 }, null,
			Scoring.TOPK_SQ_MEAN);
		assertEquals("some", scored.get(0).concept());
		assertEquals(0, scored.get(1).images());
	}

	@Test
	void candidatesAreCleanedInOrder() {
		assertEquals(List.of("red objects", "striped design",
			"striped design background", "sky"), CandidateText.clean(List.of(
				" Red objects.", "Striped design.", "red objects", "", "SKY")));
	}
}
