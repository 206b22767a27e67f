
package io.github.rosettaneurons.describe;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Word-level text matching for concept names. */
final class Words {

	private Words() {}

	/**
	 * Lower-case words of {@code text}: letters and digits, everything else
	 * separates.
	 */
	static List<String> of(String text) {
		return Arrays.stream(text.toLowerCase(Locale.ROOT).split(
			"[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).toList();
	}

	/**
	 * Whether {@code phrase}'s words occur in {@code text} as a contiguous run of
	 * whole words.
	 */
	static boolean contains(String text, String phrase) {
		String haystack = " " + String.join(" ", of(text)) + " ";
		List<String> needle = of(phrase);
		return !needle.isEmpty() && haystack.contains(" " + String.join(" ",
			needle) + " ");
	}
}
