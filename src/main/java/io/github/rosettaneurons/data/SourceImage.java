
package io.github.rosettaneurons.data;

import java.util.ArrayList;
import java.util.List;

import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * One image as the networks see it before preprocessing: a name and its
 * channels as float planes, with integer types already scaled to [0, 1] by
 * their type's range (8-bit and RGB by 255, 16-bit by 65535).
 */
public final class SourceImage {

	private final String name;
	private final List<FloatProcessor> channels;

	public SourceImage(String name, List<FloatProcessor> channels) {
		if (channels.isEmpty()) throw new IllegalArgumentException(name +
			": image has no channels");
		int width = channels.get(0).getWidth();
		int height = channels.get(0).getHeight();
		for (FloatProcessor channel : channels)
			if (channel.getWidth() != width || channel.getHeight() != height)
				throw new IllegalArgumentException(name + ": channels differ in size");
		this.name = name;
		this.channels = List.copyOf(channels);
	}

	/**
	 * One image of a (1, C, H, W) tensor's row-major {@code pixels}, one plane
	 * per channel, values as they are.
	 */
	public static SourceImage ofChannelsFirst(String name, float[] pixels,
		long[] shape)
	{
		int channels = (int) shape[1];
		int height = (int) shape[2];
		int width = (int) shape[3];
		List<FloatProcessor> planes = new ArrayList<>();
		for (int c = 0; c < channels; c++) {
			float[] plane = new float[width * height];
			System.arraycopy(pixels, c * plane.length, plane, 0, plane.length);
			planes.add(new FloatProcessor(width, height, plane));
		}
		return new SourceImage(name, planes);
	}

	/**
	 * The image in {@code planes}: one plane per channel, or a single RGB plane
	 * that gives three channels.
	 */
	public static SourceImage of(String name, List<ImageProcessor> planes) {
		List<FloatProcessor> channels = new ArrayList<>();
		for (ImageProcessor plane : planes) {
			if (plane instanceof ColorProcessor) {
				ColorProcessor rgb = (ColorProcessor) plane;
				for (int c = 0; c < 3; c++)
					channels.add(unitRange(rgb.toFloat(c, null), 255));
			}
			else channels.add(unitRange(plane.convertToFloatProcessor(), rangeOf(
				plane)));
		}
		return new SourceImage(name, channels);
	}

	private static double rangeOf(ImageProcessor plane) {
		switch (plane.getBitDepth()) {
			case 8:
				return 255;
			case 16:
				return 65535;
			default:
				return 1;
		}
	}

	private static FloatProcessor unitRange(FloatProcessor plane, double range) {
		if (range != 1) plane.multiply(1 / range);
		return plane;
	}

	/**
	 * The image as 8-bit RGB for display, channels 1-3 (a single channel as
	 * grey); values in [0, 1] map to 0-255.
	 */
	public ColorProcessor toRgb() {
		ColorProcessor rgb = new ColorProcessor(width(), height());
		for (int c = 0; c < 3; c++) {
			ImageProcessor channel = channels.get(Math.min(c, channels.size() - 1))
				.duplicate();
			channel.multiply(255);
			rgb.setChannel(c + 1, channel.convertToByteProcessor(false));
		}
		return rgb;
	}

	public String name() {
		return name;
	}

	public List<FloatProcessor> channels() {
		return channels;
	}

	public int width() {
		return channels.get(0).getWidth();
	}

	public int height() {
		return channels.get(0).getHeight();
	}
}
