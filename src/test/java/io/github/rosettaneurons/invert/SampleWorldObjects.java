
package io.github.rosettaneurons.invert;

import io.github.rosettaneurons.data.SourceImage;

/**
 * Finds the one object of a sample-world image (docs/sample-world.md): object
 * colours (red, green, blue, yellow) never occur in backgrounds (gray, white,
 * teal, purple, and their texture pixels at 0.6×), so a pixel belongs to the
 * object when its nearest palette colour is an object colour.
 */
final class SampleWorldObjects {

	private static final int[][] OBJECT = { { 220, 45, 45 }, { 50, 175, 65 }, {
		45, 80, 220 }, { 235, 205, 40 } };
	private static final int[][] BACKGROUND = { { 128, 128, 128 }, { 235, 235,
		235 }, { 30, 130, 135 }, { 125, 60, 145 } };

	private SampleWorldObjects() {}

	/**
	 * {x, y, pixel count} of the object's pixels (pixel centres), or count 0 when
	 * none is found.
	 */
	static double[] centroid(SourceImage image) {
		float[] r = (float[]) image.channels().get(0).getPixels();
		float[] g = (float[]) image.channels().get(1).getPixels();
		float[] b = (float[]) image.channels().get(2).getPixels();
		double sumX = 0, sumY = 0;
		int count = 0;
		for (int i = 0; i < r.length; i++)
			if (isObject(255 * r[i], 255 * g[i], 255 * b[i])) {
				sumX += i % image.width() + 0.5;
				sumY += i / image.width() + 0.5;
				count++;
			}
		return new double[] { sumX / count, sumY / count, count };
	}

	private static boolean isObject(double r, double g, double b) {
		double object = Double.MAX_VALUE, background = Double.MAX_VALUE;
		for (int[] c : OBJECT)
			object = Math.min(object, distance(r, g, b, c, 1));
		for (int[] c : BACKGROUND)
			background = Math.min(background, Math.min(distance(r, g, b, c, 1),
				distance(r, g, b, c, 0.6)));
		return object < background;
	}

	private static double distance(double r, double g, double b, int[] colour,
		double scale)
	{
		double dr = r - colour[0] * scale, dg = g - colour[1] * scale, db = b -
			colour[2] * scale;
		return dr * dr + dg * dg + db * db;
	}
}
