package io.github.rosettaneurons.describe;

import io.github.rosettaneurons.data.ImageSource;

import java.util.List;

/**
 * A concept set as Describe-and-Dissect uses it: images with per-pixel concept labels (Broden's format). Its
 * label names are a vocabulary, its masks give dissection-style candidates, and its images can be retrieved as
 * concept images.
 */
public interface LabelledImages {

	ImageSource images();

	/** Label names; label number k (as stored in masks) is {@code labels().get(k - 1)}. */
	List<String> labels();

	/** The label masks of image {@code index}: one row-major array of label numbers per category, 0 = none. */
	LabelMasks masks(int index);

	String describe();

	record LabelMasks(int width, int height, List<int[]> categories) {}
}
