
package io.github.rosettaneurons.describe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Offline stand-in for the reference's GPT summary of the captions: candidates
 * are the phrases of one to three words (not starting or ending with a function
 * word) shared by the most captions; ties go to the longer phrase, then to the
 * one seen first.
 */
public final class FrequentPhrases {

	private static final Set<String> FUNCTION_WORDS = Set.of("a", "an", "the",
		"of", "on", "in", "at", "with", "and", "or", "to", "is", "are", "it", "its",
		"this", "that", "there", "some", "for", "from", "by", "as", "up", "into");
	private static final int LONGEST = 3;

	private FrequentPhrases() {}

	public static List<String> summarise(List<String> captions, int count) {
		Map<String, Integer> support = new LinkedHashMap<>();
		for (String caption : captions) {
			List<String> words = Words.of(caption);
			Set<String> seen = new java.util.HashSet<>();
			for (int length = 1; length <= LONGEST; length++)
				for (int start = 0; start + length <= words.size(); start++) {
					if (FUNCTION_WORDS.contains(words.get(start)) || FUNCTION_WORDS
						.contains(words.get(start + length - 1))) continue;
					String phrase = String.join(" ", words.subList(start, start +
						length));
					if (seen.add(phrase)) support.merge(phrase, 1, Integer::sum);
				}
		}
		List<String> phrases = new ArrayList<>(support.keySet());
		phrases.sort(Comparator.comparingInt((String p) -> -support.get(p))
			.thenComparingInt(p -> -p.split(" ").length));
		return phrases.subList(0, Math.min(count, phrases.size()));
	}
}
