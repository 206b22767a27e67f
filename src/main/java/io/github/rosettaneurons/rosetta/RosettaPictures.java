
package io.github.rosettaneurons.rosetta;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import io.github.rosettaneurons.data.Heatmaps;
import io.github.rosettaneurons.data.Numbers;
import io.github.rosettaneurons.data.PictureLabels;

/**
 * Pictures of Rosetta neurons: for each neuron a row with its best example
 * image and, for every model (anchor first), that model's unit as a heatmap
 * over the image (min-max normalised, bilinear, LUT), as in the paper's
 * figures. The columns are headed by the model names; under each tile a band
 * names the neuron and image, or the unit (layer and unit as in dictionary.csv)
 * and its correlation with the anchor.
 */
public final class RosettaPictures {

	private static final int TILE = 128;
	private static final int GAP = 2;

	private RosettaPictures() {}

	/** One row of labelled tiles per example, under a row of column names. */
	public static ImagePlus montage(List<RosettaExamples.Example> examples,
		LUT lut, double opacity)
	{
		if (examples.isEmpty()) throw new IllegalArgumentException(
			"No Rosetta neurons to show.");
		List<String> models = models(examples.get(0));
		List<ColorProcessor> header = new ArrayList<>(List.of(PictureLabels.band(
			TILE, "image")));
		for (String model : models)
			header.add(PictureLabels.band(TILE, model));
		List<List<ColorProcessor>> rows = new ArrayList<>(List.of(header));
		for (RosettaExamples.Example example : examples)
			rows.add(row(example, models, lut, opacity));
		return new ImagePlus("Rosetta neurons", PictureLabels.grid(rows, GAP));
	}

	private static List<ColorProcessor> row(RosettaExamples.Example example,
		List<String> models, LUT lut, double opacity)
	{
		RosettaNeuron neuron = example.neuron();
		if (!models(example).equals(models)) throw new IllegalStateException("R" +
			neuron.rank() + ": models " + models(example) + ", not " + models);
		ImageProcessor image = scaled(example.image().toRgb());
		List<ColorProcessor> row = new ArrayList<>(List.of(PictureLabels.below(
			image, "R" + neuron.rank() + " " + example.image().name(), Numbers.format(
				"mean r %.2f", neuron.meanCorrelation()))));
		for (Map.Entry<UnitRef, RosettaExamples.Map2D> map : example.maps()
			.entrySet())
		{
			UnitRef unit = map.getKey();
			RosettaNeuron.Match match = neuron.matches().get(unit.model());
			row.add(PictureLabels.below(overlay(image, map.getValue(), lut, opacity),
				unit.layer() + " unit " + unit.unit(), unit.equals(neuron.anchor())
					? "anchor" : Numbers.format("r %.2f", match.correlation())));
		}
		return row;
	}

	/** The models of an example's maps, anchor first. */
	private static List<String> models(RosettaExamples.Example example) {
		return example.maps().keySet().stream().map(UnitRef::model).toList();
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
