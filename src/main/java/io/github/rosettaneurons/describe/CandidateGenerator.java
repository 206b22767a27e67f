
package io.github.rosettaneurons.describe;

import java.util.List;

import io.github.rosettaneurons.data.ImageSource;

/** Step 2: candidate concepts for one unit from what it responds to. */
public interface CandidateGenerator {

	String name();

	/**
	 * Called once per layer, before any {@link #candidates}, with the probing set
	 * and the indices of every described unit's top images (each once).
	 */
	default void prepare(ImageSource probe, int[] allTopImages) {}

	List<String> candidates(UnitEvidence evidence);
}
