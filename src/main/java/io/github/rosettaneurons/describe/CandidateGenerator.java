package io.github.rosettaneurons.describe;

import io.github.rosettaneurons.data.SourceImage;

import java.util.List;

/** Step 2: candidate concepts for one unit from what it responds to. */
public interface CandidateGenerator {

	String name();

	/** Called once per layer with every described unit's top images, before any {@link #candidates}. */
	default void prepare(List<SourceImage> allTopImages) {}

	List<String> candidates(UnitEvidence evidence);
}
