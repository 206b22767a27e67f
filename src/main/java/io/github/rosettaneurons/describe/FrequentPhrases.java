
package io.github.rosettaneurons.describe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Offline stand-in for the reference's GPT summary of the captions, which
 * answers with a concept label, i.e. a noun phrase. A caption's noun phrases
 * are its runs of words between function words ("a yellow chequered arrow in
 * front of a teal arrow" → "yellow chequered arrow", "teal arrow"); the last
 * word of a run is taken as its noun. The candidates are the noun with up to
 * two of its modifiers ("arrow", "chequered arrow", "yellow chequered arrow")
 * and, for "the head of a red arrow", the noun of a noun ("head of arrow"),
 * ranked by how many captions hold them; ties go to the longer phrase, then to
 * the one seen first. The word of a compound preposition ("front" in "in front
 * of") belongs to no phrase.
 */
public final class FrequentPhrases {

	private static final Set<String> FUNCTION_WORDS = Set.of("a", "an", "the",
		"of", "on", "in", "at", "with", "and", "or", "to", "is", "are", "it", "its",
		"this", "that", "there", "some", "for", "from", "by", "as", "up", "into");
	/** "in front of", "on top of", "at side of": the middle word is no noun. */
	private static final Set<String> COMPOUND_PREPOSITION_STARTS = Set.of("in",
		"on", "at");
	private static final int LONGEST = 3;

	private FrequentPhrases() {}

	public static List<String> summarise(List<String> captions, int count) {
		Map<String, Integer> support = new LinkedHashMap<>();
		for (String caption : captions) {
			Set<String> seen = new HashSet<>();
			for (String phrase : nounPhrases(Words.of(caption)))
				if (seen.add(phrase)) support.merge(phrase, 1, Integer::sum);
		}
		List<String> phrases = new ArrayList<>(support.keySet());
		phrases.sort(Comparator.comparingInt((String p) -> -support.get(p))
			.thenComparingInt(p -> -p.split(" ").length));
		return phrases.subList(0, Math.min(count, phrases.size()));
	}

	/** The candidate phrases of one caption's words, in order of their nouns. */
	static List<String> nounPhrases(List<String> words) {
		List<String> phrases = new ArrayList<>();
		String ofNoun = null;
		int start = -1;
		for (int i = 0; i <= words.size(); i++) {
			boolean inPhrase = i < words.size() && !FUNCTION_WORDS.contains(words.get(
				i)) && !inCompoundPreposition(words, i);
			if (inPhrase) {
				if (start < 0) start = i;
				continue;
			}
			if (start >= 0) {
				String noun = words.get(i - 1);
				for (int length = 1; length <= Math.min(LONGEST, i - start); length++)
					phrases.add(String.join(" ", words.subList(i - length, i)));
				if (ofNoun != null) phrases.add(ofNoun + " of " + noun);
				ofNoun = i < words.size() && words.get(i).equals("of") ? noun : null;
				start = -1;
			}
			else if (i < words.size() && !isDeterminer(words.get(i))) ofNoun = null;
		}
		return phrases;
	}

	private static boolean inCompoundPreposition(List<String> words, int i) {
		return i > 0 && i + 1 < words.size() && COMPOUND_PREPOSITION_STARTS
			.contains(words.get(i - 1)) && words.get(i + 1).equals("of");
	}

	private static boolean isDeterminer(String word) {
		return word.equals("a") || word.equals("an") || word.equals("the");
	}
}
