
package io.github.rosettaneurons.describe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The noun-phrase candidates of captions. */
class FrequentPhrasesTest {

	@Test
	void aSceneCaptionGivesItsNounsWithTheirModifiersAndNoPreposition() {
		assertEquals(List.of("arrow", "chequered arrow", "yellow chequered arrow",
			"arrow", "teal arrow", "background", "dotted background",
			"red dotted background"), FrequentPhrases.nounPhrases(Words.of(
				"a yellow chequered arrow in front of a teal arrow on a red dotted background")));
	}

	@Test
	void aPartCaptionAlsoGivesTheNounOfItsObject() {
		assertEquals(List.of("head", "arrow", "red arrow", "head of arrow"),
			FrequentPhrases.nounPhrases(Words.of("the head of a red arrow")));
	}

	@Test
	void candidatesAreThePhrasesOfTheMostCaptionsLongerFirstOnTies() {
		assertEquals(List.of("arrow", "head of arrow", "red arrow", "head"),
			FrequentPhrases.summarise(List.of("the head of a red arrow",
				"the head of a teal arrow", "a red arrow", "an arrow"), 4));
	}
}
