
package io.github.rosettaneurons.describe;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The reference's clean-up of candidate concepts: lower case, trailing period
 * removed, an extra "&lt;concept&gt; background" when the last word is
 * design(s) or graphic(s), duplicates removed. Unlike the reference (a Python
 * set) the order is kept, so results are deterministic, and the period is
 * stripped before the background variant is built.
 */
public final class CandidateText {

	private static final Set<String> BACKGROUND_WORDS = Set.of("design",
		"designs", "graphic", "graphics");

	private CandidateText() {}

	public static List<String> clean(List<String> candidates) {
		Set<String> cleaned = new LinkedHashSet<>();
		for (String candidate : candidates) {
			String text = candidate.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+",
				" ");
			while (text.endsWith("."))
				text = text.substring(0, text.length() - 1).trim();
			if (text.isEmpty()) continue;
			cleaned.add(text);
			String[] words = text.split(" ");
			if (BACKGROUND_WORDS.contains(words[words.length - 1])) cleaned.add(text +
				" background");
		}
		return new ArrayList<>(cleaned);
	}
}
