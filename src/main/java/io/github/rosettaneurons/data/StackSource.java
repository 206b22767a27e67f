
package io.github.rosettaneurons.data;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;

/**
 * The images of an open ImagePlus: every (slice, frame) position is one image
 * and the hyperstack's channels are its channels. A plain stack is read as a
 * series of single-channel (or RGB) images.
 */
public final class StackSource implements ImageSource {

	private final ImagePlus image;

	public StackSource(ImagePlus image) {
		this.image = image;
	}

	@Override
	public int size() {
		return image.getNSlices() * image.getNFrames();
	}

	@Override
	public SourceImage get(int index) {
		int slice = index % image.getNSlices() + 1;
		int frame = index / image.getNSlices() + 1;
		ImageStack stack = image.getStack();
		List<ImageProcessor> planes = new ArrayList<>();
		for (int c = 1; c <= image.getNChannels(); c++)
			planes.add(stack.getProcessor(image.getStackIndex(c, slice, frame)));
		String name = size() == 1 ? image.getTitle() : image.getTitle() + " [z=" +
			slice + ", t=" + frame + "]";
		return SourceImage.of(name, planes);
	}

	@Override
	public String describe() {
		return "image '" + image.getTitle() + "' (" + size() + " image" +
			(size() == 1 ? "" : "s") + ")";
	}
}
