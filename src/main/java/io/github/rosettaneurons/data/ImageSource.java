package io.github.rosettaneurons.data;

/** A finite, indexable sequence of images that can be read again in the same order (for multi-pass methods). */
public interface ImageSource {

	int size();

	/** Image {@code index}, read afresh; sources never hold all images in memory. */
	SourceImage get(int index);

	/** Short description for logs and titles. */
	String describe();
}
