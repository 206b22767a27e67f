
package io.github.rosettaneurons.rosetta;

import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.MontageMaker;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import io.github.rosettaneurons.data.Heatmaps;

/**
 * Pictures of Rosetta neurons: for each neuron a row with its best example
 * image and, for every model (anchor first), that model's unit as a heatmap
 * over the image (min-max normalised, bilinear, LUT), as in the paper's
 * figures.
 */
public final class RosettaPictures {

	private static final int TILE = 128;

	private RosettaPictures() {}

	/**
	 * One row of tiles per example; slice labels name the neuron, model, layer
	 * and unit.
	 */
	public static ImagePlus montage(List<RosettaExamples.Example> examples,
		LUT lut, double opacity)
	{
		if (examples.isEmpty()) throw new IllegalArgumentException(
			"No Rosetta neurons to show.");
		ImageStack tiles = new ImageStack(TILE, TILE);
		int columns = 0;
		for (RosettaExamples.Example example : examples) {
			ImageProcessor image = scaled(example.image().toRgb());
			tiles.addSlice("R" + example.neuron().rank() + " image " + example
				.imageIndex(), image);
			for (Map.Entry<UnitRef, RosettaExamples.Map2D> map : example.maps()
				.entrySet())
				tiles.addSlice("R" + example.neuron().rank() + " " + map.getKey(),
					overlay(image, map.getValue(), lut, opacity));
			columns = Math.max(columns, 1 + example.maps().size());
		}
		ImagePlus stack = new ImagePlus("Rosetta neurons", tiles);
		ImagePlus montage = new MontageMaker().makeMontage2(stack, columns, examples
			.size(), 1, 1, tiles.getSize(), 1, 2, false);
		montage.setTitle("Rosetta neurons");
		return montage;
	}

	private static ImageProcessor scaled(ImageProcessor image) {
		image.setInterpolationMethod(ImageProcessor.BILINEAR);
		return image.resize(TILE, TILE);
	}

	private static ImageProcessor overlay(ImageProcessor image,
		RosettaExamples.Map2D map, LUT lut, double opacity)
	{
		ImagePlus canvas = new ImagePlus("tile", image.duplicate());
		Heatmaps.overlay(canvas, new FloatProcessor(map.width(), map.height(), map
			.values().clone()), lut, opacity, 0);
		return canvas.flatten().getProcessor();
	}
}
