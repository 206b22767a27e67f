
package io.github.rosettaneurons.describe;

import java.util.List;

/**
 * Every word of a fixed list is a candidate for every unit, so Step 3 alone
 * picks the description (the reference's "no captioning" setting, with the
 * words as given).
 */
public final class VocabularyList implements CandidateGenerator {

	private final List<String> words;

	public VocabularyList(List<String> words) {
		if (words.isEmpty()) throw new IllegalArgumentException(
			"The word list is empty.");
		this.words = List.copyOf(words);
	}

	@Override
	public String name() {
		return "word list (" + words.size() + " words, all scored)";
	}

	@Override
	public List<String> candidates(UnitEvidence evidence) {
		return words;
	}
}
