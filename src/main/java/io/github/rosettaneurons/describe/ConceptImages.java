
package io.github.rosettaneurons.describe;

import java.util.List;

import io.github.rosettaneurons.data.SourceImage;

/**
 * Images that show a concept (the reference generates them with Stable
 * Diffusion).
 */
public interface ConceptImages {

	String name();

	/**
	 * Up to {@code count} images of {@code concept}, the same ones on every call;
	 * empty when it has none.
	 */
	List<SourceImage> imagesOf(String concept, int count);
}
