
package io.github.rosettaneurons.describe;

import java.util.List;

import io.github.rosettaneurons.data.SourceImage;

/**
 * Images → vectors whose cosine measures image similarity (the reference uses
 * CLIP's image tower).
 */
public interface ImageEmbedder {

	String name();

	/** One L2-normalised row per image, row-major (images × dimension). */
	float[][] embed(List<SourceImage> images);
}
