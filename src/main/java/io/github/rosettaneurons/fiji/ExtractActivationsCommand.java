
package io.github.rosettaneurons.fiji;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.process.FloatProcessor;
import ij.process.LUT;
import io.github.rosettaneurons.data.ActivationImages;
import io.github.rosettaneurons.data.FolderSource;
import io.github.rosettaneurons.data.Heatmaps;
import io.github.rosettaneurons.data.ImagePlusBridge;
import io.github.rosettaneurons.data.ImageSource;
import io.github.rosettaneurons.data.StackSource;
import io.github.rosettaneurons.data.TiffOutput;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.ModelRole;
import io.github.rosettaneurons.engine.Network;

/**
 * Extract Activations: model package + image(s) + layer(s) → one hyperstack per
 * layer with units as channels and images as frames, optionally with one unit's
 * heatmap overlaid on the input image. {@code activationMaps} is the first
 * layer's maps as an ImgLib2 image with axes (x, y, unit, image), the very
 * values of the hyperstack {@code activations}; {@link #layerMaps()} holds
 * every layer's. No menu path: the menu entry comes from plugins.config through
 * {@link CommandBridge}.
 */
@Plugin(type = Command.class, headless = true, label = "Extract Activations")
public class ExtractActivationsCommand extends RosettaCommand {

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	@Parameter(label = "Model package", style = DialogField.MODEL_STYLE)
	private File model;

	@Parameter(label = "Image", required = false)
	private ImagePlus image;

	@Parameter(label = "Folder of images (instead of the image)",
		required = false, style = "directory")
	private File folder;

	@Parameter(label = "Layers (comma-separated, empty for all)",
		required = false, style = DialogField.LAYERS_STYLE)
	private String layers = "";

	@Parameter(label = "Batch size (images per pass)", min = "1")
	private int batch = ActivationImages.DEFAULT_BATCH;

	@Parameter(label = "Unit for heatmap overlay (-1 for none)")
	private int unit = -1;

	@Parameter(label = "Opacity of the overlay (0-1)", min = "0", max = "1")
	private double opacity = 0.5;

	@Parameter(label = "LUT", choices = { "fire", "ice", "spectrum", "grays",
		"red", "green", "redgreen" })
	private String lut = Heatmaps.DEFAULT_LUT;

	@Parameter(label = "Output folder for TIFFs (optional)", required = false,
		style = "directory")
	private File output;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus activations;

	@Parameter(type = ItemIO.OUTPUT,
		label = "Activation maps (x, y, unit, image)")
	private Img<FloatType> activationMaps;

	@Parameter(type = ItemIO.OUTPUT, label = "Activation stacks")
	private List<ImagePlus> stacks = new ArrayList<>();

	@Parameter(type = ItemIO.OUTPUT, label = "Note")
	private String note;

	private final Map<String, Img<FloatType>> layerMaps = new LinkedHashMap<>();

	@Override
	protected void execute() {
		ModelPackage modelPackage = ModelPackage.open(model.toPath());
		if (modelPackage.manifest().role() == ModelRole.GENERATOR)
			throw new IllegalArgumentException(model + ": '" + modelPackage.name() +
				"' is a generator; it has no image input. Choose a classifier or encoder package.");
		ImageSource source = source();
		List<LayerSpec> chosen = modelPackage.manifest().layers(layers);
		LUT colours = Heatmaps.lut(lut);
		CommandProgress progress = new CommandProgress(status, this);
		if (log != null) log.info("Extract Activations: " + modelPackage.name() +
			" on " + source.describe() + " with " + DjlEnvironment.describe());
		note = modelPackage.manifest().forwardOnlyNote().orElse(null);
		if (log != null && note != null) log.info(note);
		Map<String, ArrayImg<FloatType, FloatArray>> maps;
		try (Network network = modelPackage.load()) {
			maps = ActivationImages.extract(network, source, chosen, batch, progress);
		}
		stacks.addAll(ImagePlusBridge.layerStacks(modelPackage.name(), chosen, maps,
			colours));
		if (unit >= 0 && image != null) overlayUnit(maps.get(chosen.get(0)
			.output()), colours);
		if (output != null) TiffOutput.saveAll(output.toPath(), stacks);
		activations = stacks.get(0);
		for (LayerSpec layer : chosen)
			layerMaps.put(layer.name(), maps.get(layer.output()));
		activationMaps = layerMaps.get(chosen.get(0).name());
	}

	private ImageSource source() {
		if (folder != null) return new FolderSource(folder.toPath());
		if (image != null) return new StackSource(image);
		throw new IllegalArgumentException(
			"No input: give an image or a folder of images.");
	}

	/**
	 * The chosen unit's map of the first layer over each image of the input, as
	 * overlays at its stack position.
	 */
	private void overlayUnit(ArrayImg<FloatType, FloatArray> firstLayer,
		LUT colours)
	{
		int width = (int) firstLayer.dimension(0);
		int height = (int) firstLayer.dimension(1);
		int units = (int) firstLayer.dimension(2);
		if (unit >= units) throw new IllegalArgumentException("Heatmap unit " +
			unit + " does not exist; the layer has " + units + " units (0.." +
			(units - 1) + ").");
		float[] data = firstLayer.update(null).getCurrentStorageArray();
		int images = (int) firstLayer.dimension(3);
		for (int i = 0; i < images; i++) {
			float[] map = Arrays.copyOfRange(data, (i * units + unit) * width *
				height, (i * units + unit + 1) * width * height);
			int position = images == 1 ? 0 : i + 1;
			Heatmaps.overlay(image, new FloatProcessor(width, height, map), colours,
				opacity, position);
		}
	}

	/**
	 * Every layer's hyperstack, in the order asked for; {@link #activations} is
	 * the first.
	 */
	public List<ImagePlus> stacks() {
		return stacks;
	}

	/**
	 * Every layer's maps by layer name, in the order asked for, axes (x, y, unit,
	 * image); the first is the output.
	 */
	public Map<String, Img<FloatType>> layerMaps() {
		return layerMaps;
	}

	/**
	 * For a package without config.rosetta: that its output is its only layer,
	 * and how to add inner layers.
	 */
	public Optional<String> note() {
		return Optional.ofNullable(note);
	}
}
