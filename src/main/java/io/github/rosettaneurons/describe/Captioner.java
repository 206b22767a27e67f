
package io.github.rosettaneurons.describe;

import java.util.List;

import io.github.rosettaneurons.data.SourceImage;

/** Image → text: one caption per image (the reference uses BLIP). */
public interface Captioner {

	/** Short name for the output's backend column. */
	String name();

	List<String> captions(List<SourceImage> images);
}
