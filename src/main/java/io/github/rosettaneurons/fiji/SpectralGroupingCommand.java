
package io.github.rosettaneurons.fiji;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import io.github.rosettaneurons.data.FolderSource;
import io.github.rosettaneurons.data.ImageSource;
import io.github.rosettaneurons.data.StackSource;
import io.github.rosettaneurons.data.TiffOutput;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.ModelRole;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.spectral.DatasetGrouper;
import io.github.rosettaneurons.spectral.GraphLayer;
import io.github.rosettaneurons.spectral.ImageGrouping;
import io.github.rosettaneurons.spectral.Pathway;
import io.github.rosettaneurons.spectral.SpectralGrouper;
import io.github.rosettaneurons.spectral.SpectralPictures;
import io.github.rosettaneurons.spectral.SpectralSettings;

/**
 * Spectral Grouping: layer-distributed spectral clustering of a model's
 * activations (Zhang, Yunis and Maire 2024) → eigenvector hyperstack
 * (components as channels, images as frames), PCA colour image, segment labels
 * and a colour overlay on the input; with an output folder, the TIFFs and each
 * image's segments labelled with k as a PNG. Per image, or over all images at
 * once (dataset mode) so components and segments are shared.
 * {@code eigenvectorMaps} holds the same eigenvectors as an ImgLib2 image with
 * axes (x, y, component, image) on the layers' grid.
 */
@Plugin(type = Command.class, headless = true, label = "Spectral Grouping")
public class SpectralGroupingCommand extends RosettaCommand {

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

	@Parameter(label = "Pathway (where = key-query, what = value of every block)",
		choices = { "layers", "where", "what" })
	private String pathway = Pathway.LAYERS.label();

	@Parameter(label = "Layers (comma-separated, query|key pairs, empty for all)",
		required = false, style = DialogField.LAYERS_STYLE)
	private String layers = "";

	@Parameter(label = "Graph", choices = { "knn", "cosine" })
	private String graph = SpectralSettings.defaults().graph().name().toLowerCase(
		Locale.ROOT);

	@Parameter(label = "Eigenvectors (channels K)", min = "2")
	private int eigenvectors = SpectralSettings.defaults().channels();

	@Parameter(label = "Steps of gradient descent", min = "1")
	private int steps = SpectralSettings.defaults().steps();

	@Parameter(label = "Segments (0 = choose by silhouette)", min = "0")
	private int segments = SpectralSettings.defaults().segments();

	@Parameter(label = "Dataset mode (one grouping across all images)")
	private boolean dataset = false;

	@Parameter(label = "Seed")
	private int seed = (int) SpectralSettings.defaults().seed();

	@Parameter(label = "Opacity of the overlay (0-1)", min = "0", max = "1")
	private double opacity = 0.5;

	@Parameter(label = "Output folder for TIFFs and labelled PNGs (optional)",
		required = false, style = "directory")
	private File output;

	@Parameter(type = ItemIO.OUTPUT, label = "Eigenvectors")
	private ImagePlus eigenvectorStack;

	@Parameter(type = ItemIO.OUTPUT,
		label = "Eigenvector maps (x, y, component, image)")
	private Img<FloatType> eigenvectorMaps;

	@Parameter(type = ItemIO.OUTPUT, label = "Eigenvectors, colours and segments")
	private List<ImagePlus> results = new ArrayList<>();

	@Override
	protected void execute() {
		ModelPackage modelPackage = ModelPackage.open(model.toPath());
		if (modelPackage.manifest().role() == ModelRole.GENERATOR)
			throw new IllegalArgumentException(model + ": '" + modelPackage.name() +
				"' is a generator; it has no image input. Choose a classifier or encoder package.");
		ImageSource source = source();
		List<GraphLayer> chosen = GraphLayer.of(modelPackage.manifest(), Pathway
			.parse(pathway), layers);
		SpectralSettings settings = new SpectralSettings(eigenvectors, steps,
			SpectralSettings.defaults().learningRate(), 2, 2, SpectralSettings.Graph
				.parse(graph), 50, 50, 0.1, segments, 10, seed);
		CommandProgress progress = new CommandProgress(status, this);
		if (log != null) log.info("Spectral Grouping: " + modelPackage.name() +
			" on " + source.describe() + " with " + DjlEnvironment.describe());
		List<ImageGrouping> groupings = new ArrayList<>();
		try (Network network = modelPackage.load()) {
			SpectralGrouper grouper = new SpectralGrouper(network, chosen, settings);
			if (dataset) groupings.addAll(new DatasetGrouper(grouper).group(source,
				progress));
			else for (int i = 0; i < source.size(); i++) {
				progress.checkCancelled();
				groupings.add(grouper.group(source.get(i), progress));
			}
		}
		eigenvectorMaps = SpectralPictures.eigenvectors(groupings);
		results.addAll(SpectralPictures.all(modelPackage.name() + " spectral ",
			groupings));
		eigenvectorStack = results.get(0);
		if (output != null) {
			TiffOutput.saveAll(output.toPath(), results);
			SpectralPictures.saveSegmentPictures(output.toPath(), groupings);
		}
		if (image != null && folder == null) SpectralPictures.overlay(image,
			groupings, opacity);
	}

	private ImageSource source() {
		if (folder != null) return new FolderSource(folder.toPath());
		if (image != null) return new StackSource(image);
		throw new IllegalArgumentException(
			"No input: give an image or a folder of images.");
	}

	/** Eigenvectors, colours and segments, in that order. */
	public List<ImagePlus> results() {
		return results;
	}

	/** The eigenvector maps as an ImgLib2 image (x, y, component, image). */
	public Img<FloatType> eigenvectorMaps() {
		return eigenvectorMaps;
	}
}
