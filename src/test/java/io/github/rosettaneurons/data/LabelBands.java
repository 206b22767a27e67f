
package io.github.rosettaneurons.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.process.ImageProcessor;

/**
 * Checks that a picture carries {@link PictureLabels} bands: black regions with
 * white text, without asserting which pixels a font draws.
 */
public final class LabelBands {

	private LabelBands() {}

	/** Pixels brighter than mid-grey in the rectangle. */
	public static int ink(ImageProcessor picture, int x, int y, int width,
		int height)
	{
		int ink = 0;
		for (int j = y; j < y + height; j++)
			for (int i = x; i < x + width; i++)
				if (brightness(picture.getPixel(i, j)) > 127) ink++;
		return ink;
	}

	/**
	 * Asserts a band of {@code lines} lines at (x, y), {@code width} wide: mostly
	 * black, with text on every line.
	 */
	public static void assertBand(ImageProcessor picture, int x, int y, int width,
		int lines, String what)
	{
		int dark = 0;
		for (int j = y; j < y + PictureLabels.bandHeight(lines); j++)
			for (int i = x; i < x + width; i++)
				if (brightness(picture.getPixel(i, j)) < 32) dark++;
		assertTrue(dark > width * PictureLabels.bandHeight(lines) / 2, what +
			": a black band");
		for (int line = 0; line < lines; line++)
			assertTrue(ink(picture, x, y + line * PictureLabels.LINE_HEIGHT, width,
				PictureLabels.LINE_HEIGHT) >= 10, what + ": text on line " + (line +
					1));
	}

	private static int brightness(int rgb) {
		return Math.max((rgb >> 16) & 0xff, Math.max((rgb >> 8) & 0xff, rgb &
			0xff));
	}
}
