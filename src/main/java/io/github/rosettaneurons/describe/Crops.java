
package io.github.rosettaneurons.describe;

import java.util.ArrayList;
import java.util.List;

import ij.process.FloatProcessor;
import io.github.rosettaneurons.data.SourceImage;

/** Cuts attention crops out of the original image. */
final class Crops {

	private Crops() {}

	/**
	 * The part of {@code image} under {@code box}, a box on the square crop
	 * canvas, scaled to the image's own pixels (outwards, at least one pixel).
	 * The model's preprocessing then resizes it to the input size; the reference
	 * instead crops the 375 × 375 resized image and resizes the crop to 375 × 375
	 * first.
	 */
	static SourceImage cut(SourceImage image, Box box, int canvas, String name) {
		int width = image.width();
		int height = image.height();
		int x0 = Math.min(width - 1, (int) Math.floor(box.x0() * (double) width /
			canvas));
		int y0 = Math.min(height - 1, (int) Math.floor(box.y0() * (double) height /
			canvas));
		int x1 = Math.max(x0 + 1, Math.min(width, (int) Math.ceil(box.x1() *
			(double) width / canvas)));
		int y1 = Math.max(y0 + 1, Math.min(height, (int) Math.ceil(box.y1() *
			(double) height / canvas)));
		List<FloatProcessor> channels = new ArrayList<>();
		for (FloatProcessor channel : image.channels()) {
			FloatProcessor copy = (FloatProcessor) channel.duplicate();
			copy.setRoi(x0, y0, x1 - x0, y1 - y0);
			channels.add((FloatProcessor) copy.crop());
		}
		return new SourceImage(name, channels);
	}
}
