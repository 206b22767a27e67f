
package io.github.rosettaneurons.spectral;

import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ColorProcessor;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.ImageSource;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.data.StackSource;

/**
 * The sample world's concept images with their exact object masks
 * (sample-data/concepts, docs/sample-world.md).
 */
final class ObjectMasks {

	static final Path WORLD = TestZoo.ROOT.resolve("concepts/images/world");

	private ObjectMasks() {}

	static SourceImage image(int index) {
		ImagePlus image = IJ.openImage(WORLD.resolve(String.format("%04d.png",
			index)).toString());
		return new SourceImage(String.format("%04d.png", index), new StackSource(
			image).get(0).channels());
	}

	/**
	 * Object pixels (label R + 256 G non-zero) of concept image {@code index},
	 * row-major.
	 */
	static boolean[] mask(int index) {
		ColorProcessor labels = (ColorProcessor) IJ.openImage(WORLD.resolve(String
			.format("%04d_object.png", index)).toString()).getProcessor();
		int[] pixels = (int[]) labels.getPixels();
		boolean[] object = new boolean[pixels.length];
		for (int i = 0; i < pixels.length; i++)
			object[i] = (pixels[i] & 0xffff00) != 0;
		return object;
	}

	/**
	 * Mean IoU of object and background for a two-segment labelling, under the
	 * better of the two matchings.
	 */
	static double twoClassMeanIou(int[] labels, boolean[] object) {
		double best = 0;
		for (int objectLabel = 0; objectLabel < 2; objectLabel++) {
			double sum = 0;
			for (int cls = 0; cls < 2; cls++) {
				int intersection = 0;
				int union = 0;
				for (int i = 0; i < labels.length; i++) {
					boolean predicted = (labels[i] == objectLabel) == (cls == 1);
					boolean truth = object[i] == (cls == 1);
					if (predicted && truth) intersection++;
					if (predicted || truth) union++;
				}
				sum += union == 0 ? 1 : (double) intersection / union;
			}
			best = Math.max(best, sum / 2);
		}
		return best;
	}

	static ImageSource source(int first, int count) {
		return new ImageSource() {

			@Override
			public int size() {
				return count;
			}

			@Override
			public SourceImage get(int index) {
				return image(first + index);
			}

			@Override
			public String describe() {
				return "concept images " + first + ".." + (first + count - 1);
			}
		};
	}
}
