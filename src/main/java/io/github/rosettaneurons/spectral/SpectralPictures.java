
package io.github.rosettaneurons.spectral;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import io.github.rosettaneurons.data.Heatmaps;
import io.github.rosettaneurons.data.ImagePlusBridge;
import io.github.rosettaneurons.data.Numbers;
import io.github.rosettaneurons.data.PictureLabels;

/**
 * Spectral grouping results as images: eigenvectors (ImgLib2 and hyperstack),
 * PCA colours, labels, a labelled picture of the segments, overlays.
 */
public final class SpectralPictures {

	private SpectralPictures() {}

	/** Eigenvector maps as an ImgLib2 image (x, y, component, image). */
	public static ArrayImg<FloatType, FloatArray> eigenvectors(
		List<ImageGrouping> groupings)
	{
		ImageGrouping first = groupings.get(0);
		int perImage = first.eigenvectors().length;
		float[] data = new float[perImage * groupings.size()];
		for (int i = 0; i < groupings.size(); i++)
			System.arraycopy(groupings.get(i).eigenvectors(), 0, data, i * perImage,
				perImage);
		return ArrayImgs.floats(data, first.gridWidth(), first.gridHeight(), first
			.channels(), groupings.size());
	}

	/**
	 * The eigenvector hyperstack, the colours and the segments, titled
	 * {@code prefix} + "eigenvectors", "colours", "segments".
	 */
	public static List<ImagePlus> all(String prefix,
		List<ImageGrouping> groupings)
	{
		return List.of(eigenvectorStack(prefix + "eigenvectors", groupings),
			colours(prefix + "colours", groupings), labels(prefix + "segments",
				groupings));
	}

	public static ImagePlus eigenvectorStack(String title,
		List<ImageGrouping> groupings)
	{
		return ImagePlusBridge.toHyperstack(title, eigenvectors(groupings), Heatmaps
			.lut("grays"));
	}

	/**
	 * The PCA colours, scaled (bilinear) to each image's size; one RGB slice per
	 * image.
	 */
	public static ImagePlus colours(String title, List<ImageGrouping> groupings) {
		ImageGrouping first = groupings.get(0);
		ImageStack stack = new ImageStack(first.width(), first.height());
		for (ImageGrouping grouping : groupings)
			stack.addSlice(grouping.name(), colourImage(grouping));
		return new ImagePlus(title, stack);
	}

	static ImageProcessor colourImage(ImageGrouping grouping) {
		ColorProcessor grid = new ColorProcessor(grouping.gridWidth(), grouping
			.gridHeight(), grouping.colours().clone());
		grid.setInterpolationMethod(ImageProcessor.BILINEAR);
		return grid.resize(grouping.width(), grouping.height());
	}

	/**
	 * Segment labels 0..k−1 per pixel (16-bit), one slice per image, with a
	 * categorical LUT.
	 */
	public static ImagePlus labels(String title, List<ImageGrouping> groupings) {
		ImageGrouping first = groupings.get(0);
		ImageStack stack = new ImageStack(first.width(), first.height());
		for (ImageGrouping grouping : groupings) {
			short[] pixels = new short[grouping.labels().length];
			for (int i = 0; i < pixels.length; i++)
				pixels[i] = (short) grouping.labels()[i];
			stack.addSlice(grouping.name(), new ShortProcessor(grouping.width(),
				grouping.height(), pixels, null));
		}
		ImagePlus result = new ImagePlus(title, stack);
		result.getProcessor().setLut(Heatmaps.lut("3-3-2 RGB"));
		result.setDisplayRange(0, Math.max(1, first.segments() - 1));
		return result;
	}

	/**
	 * One grouping's segments in the colours {@link #labels} shows them in (RGB),
	 * over a colour key (segments 0 to k − 1, left to right, one
	 * {@link PictureLabels#LINE_HEIGHT} high) and a band naming the image and k,
	 * the number of segments.
	 */
	public static ImagePlus segmentPicture(String title, ImageGrouping grouping) {
		ColorProcessor segments = labels(title, List.of(grouping)).getProcessor()
			.convertToColorProcessor();
		return new ImagePlus(title, PictureLabels.grid(List.of(List.of(segments),
			List.of(colourKey(grouping.width(), grouping.segments())), List.of(
				PictureLabels.band(grouping.width(), grouping.name(), segmentsLabel(
					grouping)))), 0));
	}

	/**
	 * Segments 0 to k − 1 as equal columns of a strip, through the same LUT and
	 * display range as {@link #labels}, so each colour is exactly the picture's.
	 */
	private static ColorProcessor colourKey(int width, int segments) {
		short[] values = new short[width * PictureLabels.LINE_HEIGHT];
		for (int i = 0; i < values.length; i++)
			values[i] = (short) (i % width * segments / width);
		ShortProcessor key = new ShortProcessor(width, PictureLabels.LINE_HEIGHT,
			values, null);
		key.setLut(Heatmaps.lut("3-3-2 RGB"));
		key.setMinAndMax(0, Math.max(1, segments - 1));
		return key.convertToColorProcessor();
	}

	/** Saves {@link #segmentPicture} as a PNG; returns {@code png}. */
	public static Path saveSegmentPicture(Path png, ImageGrouping grouping) {
		if (!new FileSaver(segmentPicture(png.getFileName().toString(), grouping))
			.saveAsPng(png.toString())) throw new IllegalArgumentException(png +
				": cannot be written.");
		return png;
	}

	/**
	 * Saves each grouping's {@link #segmentPicture} in {@code folder} as
	 * "&lt;image name without extension&gt;_segments.png"; returns the files.
	 */
	public static List<Path> saveSegmentPictures(Path folder,
		List<ImageGrouping> groupings)
	{
		List<Path> written = new ArrayList<>();
		for (ImageGrouping grouping : groupings)
			written.add(saveSegmentPicture(folder.resolve(stem(grouping.name()) +
				"_segments.png"), grouping));
		return written;
	}

	/** A file name without its extension. */
	public static String stem(String name) {
		int dot = name.lastIndexOf('.');
		return dot > 0 ? name.substring(0, dot) : name;
	}

	/** "k = " and the grouping's number of segments, for a picture's label. */
	public static String segmentsLabel(ImageGrouping grouping) {
		return Numbers.format("k = %d", grouping.segments());
	}

	/**
	 * Adds the PCA colours of each grouping over the matching slice of
	 * {@code image} at {@code opacity}.
	 */
	public static void overlay(ImagePlus image, List<ImageGrouping> groupings,
		double opacity)
	{
		if (opacity < 0 || opacity > 1) throw new IllegalArgumentException(
			"Opacity must be between 0 and 1, not " + opacity);
		Overlay overlay = image.getOverlay() == null ? new Overlay() : image
			.getOverlay();
		for (int i = 0; i < groupings.size(); i++) {
			ImageProcessor colours = colourImage(groupings.get(i));
			if (colours.getWidth() != image.getWidth() || colours.getHeight() != image
				.getHeight()) colours = colours.resize(image.getWidth(), image
					.getHeight());
			ImageRoi roi = new ImageRoi(0, 0, colours);
			roi.setOpacity(opacity);
			roi.setName("spectral");
			roi.setPosition(groupings.size() == 1 ? 0 : i + 1);
			overlay.add(roi);
		}
		image.setOverlay(overlay);
	}
}
