package io.github.rosettaneurons.describe;

import io.github.rosettaneurons.data.SourceImage;

import java.util.List;

/** Image → text: one caption per image (the reference uses BLIP). */
public interface Captioner {

	/** Short name for the output's backend column. */
	String name();

	List<String> captions(List<SourceImage> images);
}
