
package io.github.rosettaneurons.describe;

import java.util.List;

/**
 * Step 2 with a captioner: the unit's top images (originals and crops) are
 * captioned and the captions summarised.
 */
public final class CaptionCandidates implements CandidateGenerator {

	private final Captioner captioner;
	private final int count;

	public CaptionCandidates(Captioner captioner, int count) {
		this.captioner = captioner;
		this.count = count;
	}

	@Override
	public String name() {
		return captioner.name() + " + frequent phrases";
	}

	@Override
	public List<String> candidates(UnitEvidence evidence) {
		return FrequentPhrases.summarise(captioner.captions(evidence.topImages()),
			count);
	}
}
