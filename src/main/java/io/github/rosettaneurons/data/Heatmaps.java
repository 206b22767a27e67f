
package io.github.rosettaneurons.data;

import java.awt.image.IndexColorModel;

import ij.ImagePlus;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.plugin.LutLoader;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;

/** Heatmap overlays of one unit on the image it was computed from. */
public final class Heatmaps {

	public static final String DEFAULT_LUT = "fire";

	/** The name of every heatmap ROI this plugin adds to an overlay. */
	public static final String HEATMAP_NAME = "heatmap";

	private Heatmaps() {}

	/**
	 * One of ImageJ's built-in LUTs by name (fire, ice, spectrum, grays, red,
	 * ...); unknown names are an error.
	 */
	public static LUT lut(String name) {
		IndexColorModel model = LutLoader.getLut(name);
		if (model == null) throw new IllegalArgumentException("Unknown LUT '" +
			name +
			"'. Use one of ImageJ's built-in LUTs: fire, grays, ice, spectrum, 3-3-2 RGB, red, green, blue, cyan, " +
			"magenta, yellow, redgreen.");
		return new LUT(model, 0, 255);
	}

	/**
	 * Min-max normalises {@code map}, scales it (bilinear) to the image size,
	 * colours it with {@code lut} and adds it to the image's overlay at
	 * {@code opacity} (0..1), at the given stack position (0 for all).
	 */
	public static ImageRoi overlay(ImagePlus image, FloatProcessor map, LUT lut,
		double opacity, int stackPosition)
	{
		if (opacity < 0 || opacity > 1) throw new IllegalArgumentException(
			"Opacity must be between 0 and 1, not " + opacity);
		ImageProcessor scaled = map.duplicate();
		scaled.setInterpolationMethod(ImageProcessor.BILINEAR);
		scaled = scaled.resize(image.getWidth(), image.getHeight());
		scaled.resetMinAndMax();
		ImageProcessor coloured = scaled.convertToByteProcessor(true);
		coloured.setLut(lut);
		ImageRoi roi = new ImageRoi(0, 0, coloured.convertToRGB());
		roi.setOpacity(opacity);
		roi.setName(HEATMAP_NAME);
		roi.setPosition(stackPosition);
		Overlay overlay = image.getOverlay() == null ? new Overlay() : image
			.getOverlay();
		overlay.add(roi);
		image.setOverlay(overlay);
		return roi;
	}
}
