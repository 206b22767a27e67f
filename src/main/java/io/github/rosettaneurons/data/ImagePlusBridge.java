
package io.github.rosettaneurons.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import ij.process.LUT;
import io.github.rosettaneurons.engine.LayerSpec;

/**
 * The small ImgLib2 to ImageJ 1.x bridge this project needs (imglib2-ij is not
 * on Maven Central): a float image with axes (x, y, unit, image) becomes a
 * hyperstack with units as channels and images as frames. Planes are copied
 * whole, never pixel by pixel.
 */
public final class ImagePlusBridge {

	private ImagePlusBridge() {}

	/**
	 * One hyperstack per layer, titled "model layer", in the order of
	 * {@code layers}.
	 */
	public static List<ImagePlus> layerStacks(String model,
		List<LayerSpec> layers, Map<String, ArrayImg<FloatType, FloatArray>> maps,
		LUT lut)
	{
		List<ImagePlus> stacks = new ArrayList<>();
		for (LayerSpec layer : layers)
			stacks.add(toHyperstack(model + " " + layer.name(), maps.get(layer
				.output()), lut));
		return stacks;
	}

	public static ImagePlus toHyperstack(String title,
		ArrayImg<FloatType, FloatArray> maps, LUT lut)
	{
		int width = (int) maps.dimension(0);
		int height = (int) maps.dimension(1);
		int units = maps.numDimensions() > 2 ? (int) maps.dimension(2) : 1;
		int images = maps.numDimensions() > 3 ? (int) maps.dimension(3) : 1;
		float[] data = maps.update(null).getCurrentStorageArray();
		int plane = width * height;
		ImageStack stack = new ImageStack(width, height);
		for (int image = 0; image < images; image++) {
			for (int unit = 0; unit < units; unit++) {
				float[] pixels = new float[plane];
				System.arraycopy(data, (image * units + unit) * plane, pixels, 0,
					plane);
				stack.addSlice("unit " + unit, new FloatProcessor(width, height,
					pixels));
			}
		}
		ImagePlus result = new ImagePlus(title, stack);
		result.setDimensions(units, 1, images);
		if (units > 1 || images > 1) result.setOpenAsHyperStack(true);
		for (int i = 1; i <= stack.getSize(); i++) {
			result.setPositionWithoutUpdate((i - 1) % units + 1, 1, (i - 1) / units +
				1);
			result.getProcessor().setLut(lut);
			result.getProcessor().resetMinAndMax();
		}
		result.setPosition(1, 1, 1);
		result.getProcessor().setLut(lut);
		result.resetDisplayRange();
		return result;
	}
}
