
package io.github.rosettaneurons.fiji;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import ij.process.LUT;
import io.github.rosettaneurons.data.BilinearResize;
import io.github.rosettaneurons.data.Heatmaps;
import io.github.rosettaneurons.data.Preprocessor;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.data.StackSource;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.ModelRole;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.rosetta.RosettaDictionary;
import io.github.rosettaneurons.rosetta.UnitRef;

/**
 * Show Rosetta Neuron: one concept of a mined dictionary on the current image,
 * as one heatmap overlay per given model that can read images (a generator
 * anchor cannot), stacked as RGB slices labelled model, layer and unit.
 * {@code unitMaps} holds the units' raw activation maps as an ImgLib2 image
 * with axes (x, y, unit), one plane per heatmap slice in the same order, each
 * resized bilinearly (half-pixel, as mining compares maps) to the image's size.
 */
@Plugin(type = Command.class, headless = true, label = "Show Rosetta Neuron")
public class ShowRosettaCommand extends RosettaCommand {

	@Parameter(label = "Dictionary (dictionary.csv of a mining run)")
	private File dictionary;

	@Parameter(label = "Neuron (rank in the dictionary)", min = "1")
	private int neuron = 1;

	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Models (comma-separated package folders)")
	private String models;

	@Parameter(label = "Opacity of the overlay (0-1)", min = "0", max = "1")
	private double opacity = 0.5;

	@Parameter(label = "LUT", choices = { "fire", "ice", "spectrum", "grays",
		"red", "green", "redgreen" })
	private String lut = Heatmaps.DEFAULT_LUT;

	@Parameter(type = ItemIO.OUTPUT, label = "Heatmaps")
	private ImagePlus heatmaps;

	@Parameter(type = ItemIO.OUTPUT, label = "Unit maps (x, y, unit)")
	private Img<FloatType> unitMaps;

	@Override
	protected void execute() {
		List<UnitRef> units;
		try {
			units = RosettaDictionary.readNeuron(dictionary.toPath(), neuron);
		}
		catch (IOException e) {
			throw new UncheckedIOException(dictionary + ": cannot read (" + e
				.getMessage() + ")", e);
		}
		Map<String, ModelPackage> packages = new HashMap<>();
		for (String location : models.split(","))
			if (!location.isBlank()) {
				ModelPackage modelPackage = ModelPackage.open(new File(location.trim())
					.toPath());
				packages.put(modelPackage.name(), modelPackage);
			}
		SourceImage source = new StackSource(image).get(0);
		LUT colours = Heatmaps.lut(lut);
		ImageStack stack = new ImageStack(image.getWidth(), image.getHeight());
		List<float[]> resized = new ArrayList<>();
		for (UnitRef unit : units) {
			ModelPackage modelPackage = packages.get(unit.model());
			// a generator cannot read the image, and models not given are left out
			if (modelPackage == null || modelPackage.manifest()
				.role() == ModelRole.GENERATOR) continue;
			ImagePlus canvas = new ImagePlus(unit.toString(), image.getProcessor()
				.duplicate().convertToRGB());
			UnitMap map = unitMap(modelPackage, unit, source, image.getWidth(), image
				.getHeight());
			resized.add(map.atImageSize());
			Heatmaps.overlay(canvas, map.grid(), colours, opacity, 0);
			stack.addSlice("R" + neuron + " " + unit, canvas.flatten()
				.getProcessor());
		}
		if (stack.getSize() == 0) throw new IllegalArgumentException("Neuron R" +
			neuron + " has units in " + units.stream().map(UnitRef::model).toList() +
			"; none of them is an image model among the packages given (" + String
				.join(", ", packages.keySet()) + ").");
		heatmaps = new ImagePlus("Rosetta neuron R" + neuron, stack);
		int plane = image.getWidth() * image.getHeight();
		float[] planes = new float[plane * resized.size()];
		for (int i = 0; i < resized.size(); i++)
			System.arraycopy(resized.get(i), 0, planes, i * plane, plane);
		unitMaps = ArrayImgs.floats(planes, image.getWidth(), image.getHeight(),
			resized.size());
	}

	/** A unit's raw map on the model's grid, and resized to the image's size. */
	private record UnitMap(FloatProcessor grid, float[] atImageSize) {}

	private static UnitMap unitMap(ModelPackage modelPackage, UnitRef unit,
		SourceImage source, int width, int height)
	{
		LayerSpec layer = modelPackage.manifest().layer(unit.layer());
		try (Network network = modelPackage.load();
				NDManager scope = network.newScope())
		{
			NDArray input = new Preprocessor(modelPackage.manifest()).toBatch(scope,
				List.of(source));
			NDArray maps = network.activations(input, List.of(layer)).get(layer
				.output());
			NDArray map = maps.get("0, " + unit.unit() + ", :, :");
			return new UnitMap(new FloatProcessor((int) map.getShape().get(1),
				(int) map.getShape().get(0), map.toFloatArray()), BilinearResize.resize(
					map.expandDims(0), height, width).toFloatArray());
		}
	}

	public ImagePlus heatmaps() {
		return heatmaps;
	}

	public Img<FloatType> unitMaps() {
		return unitMaps;
	}
}
