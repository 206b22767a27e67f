
package io.github.rosettaneurons.fiji;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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
import ij.measure.ResultsTable;
import io.github.rosettaneurons.describe.DescribeOptions;
import io.github.rosettaneurons.describe.DescribeOutputs;
import io.github.rosettaneurons.describe.DescribeSetup;
import io.github.rosettaneurons.describe.HeatmapScaling;
import io.github.rosettaneurons.describe.Pooling;
import io.github.rosettaneurons.describe.Scoring;
import io.github.rosettaneurons.engine.DjlEnvironment;

/**
 * Describe Neurons (Describe-and-Dissect): a description, its score and the
 * backend that produced it for every chosen unit of one layer, with a panel of
 * its top images, heatmaps and crops (docs/describe.md). {@code unitMaps} holds
 * the units' raw maps on their top images as an ImgLib2 image with axes (x, y,
 * top image, unit) on the layer's grid, units in the table's order; none for a
 * layer without spatial maps. Menu entry from plugins.config via
 * {@link CommandBridge}.
 */
@Plugin(type = Command.class, headless = true, label = "Describe Neurons")
public class DescribeNeuronsCommand extends RosettaCommand {

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	@Parameter(label = "Model package", style = DialogField.MODEL_STYLE)
	private File model;

	@Parameter(label = "Layer (empty: the last)", required = false,
		style = DialogField.LAYER_STYLE)
	private String layer = "";

	@Parameter(label = "Units (e.g. 0-9,12; empty: all)", required = false)
	private String units = "";

	@Parameter(label = "Folder of probing images (empty: the concept set's)",
		required = false, style = "directory")
	private File folder;

	@Parameter(label = "Concepts set folder (Broden format)", required = false,
		style = "directory")
	private File concepts;

	@Parameter(label = "Captioner package (optional)", required = false,
		style = DialogField.MODEL_STYLE)
	private File captioner;

	@Parameter(label = "Encoder package (image-text, optional)", required = false,
		style = DialogField.MODEL_STYLE)
	private File encoder;

	@Parameter(label = "Words file (one per line, optional)", required = false)
	private File words;

	@Parameter(label = "Generator package for concept images (optional)",
		required = false, style = DialogField.MODEL_STYLE)
	private File generator;

	@Parameter(label = "Images per unit (top K)", min = "1")
	private int images = DescribeOptions.defaults().topImages();

	@Parameter(label = "Crops per image (0: none)", min = "0")
	private int crops = DescribeOptions.defaults().cropsPerImage();

	@Parameter(label = "Pooling", choices = { "mean", "max", "cls" })
	private String pooling = DescribeOptions.defaults().pooling().name()
		.toLowerCase(Locale.ROOT);

	@Parameter(label = "Heatmap scaling", choices = { "min_max", "clamped" })
	private String heatmap = DescribeOptions.defaults().scaling().name()
		.toLowerCase(Locale.ROOT);

	@Parameter(label = "Scoring", choices = { "topk_compare", "topk_sq_mean",
		"mean", "sq_mean", "median" })
	private String scoring = DescribeOptions.defaults().scoring().name()
		.toLowerCase(Locale.ROOT);

	@Parameter(label = "Batch size (images per pass)", min = "1")
	private int batch = DescribeSetup.DEFAULT_BATCH;

	@Parameter(label = "Output folder (optional, new or empty)", required = false,
		style = "directory")
	private File output;

	@Parameter(type = ItemIO.OUTPUT, label = DescribeOutputs.TABLE_TITLE)
	private ResultsTable descriptions;

	@Parameter(type = ItemIO.OUTPUT, label = "Panels")
	private ImagePlus panels;

	@Parameter(type = ItemIO.OUTPUT, label = "Unit maps (x, y, top image, unit)")
	private Img<FloatType> unitMaps;

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String summary;

	@Override
	protected void execute() {
		DescribeOptions options = DescribeOptions.defaults().withTopImages(images)
			.withCrops(crops).withPooling(Pooling.parse(pooling)).withScaling(
				HeatmapScaling.parse(heatmap)).withScoring(Scoring.parse(scoring));
		DescribeSetup.Request request = new DescribeSetup.Request(model.toPath(),
			layer, units, path(folder), path(concepts), path(captioner), path(
				encoder), path(words), path(generator), options, batch, 0);
		CommandProgress progress = new CommandProgress(status, this);
		try (DescribeSetup setup = DescribeSetup.open(request, progress)) {
			if (log != null) log.info("Describe Neurons: " + setup.summary() +
				" with " + DjlEnvironment.describe());
			String title = "Describe " + model.getName() + " " + (layer == null ? ""
				: layer.trim());
			DescribeOutputs.Outputs outputs = DescribeOutputs.run(setup, options,
				title.trim(), path(output), progress);
			descriptions = outputs.table();
			panels = outputs.panels();
			unitMaps = outputs.maps();
			summary = descriptions.size() + " units described" + (output != null
				? "; saved to " + output : "");
		}
		catch (IOException e) {
			throw new UncheckedIOException(output + ": " + e.getMessage(), e);
		}
	}

	private static Path path(File file) {
		return file == null ? null : file.toPath();
	}

	public ResultsTable descriptions() {
		return descriptions;
	}

	public ImagePlus panels() {
		return panels;
	}

	public Img<FloatType> unitMaps() {
		return unitMaps;
	}
}
