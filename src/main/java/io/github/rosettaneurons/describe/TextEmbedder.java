
package io.github.rosettaneurons.describe;

import java.util.List;

/**
 * Texts → vectors in the same space as an {@link ImageEmbedder}'s (CLIP's text
 * tower).
 */
public interface TextEmbedder {

	String name();

	/** One L2-normalised row per text. */
	float[][] embedTexts(List<String> texts);
}
