
package io.github.rosettaneurons.fiji;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.measure.ResultsTable;
import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.dissect.CategoryScore;
import io.github.rosettaneurons.dissect.DissectOptions;
import io.github.rosettaneurons.dissect.DissectRun;
import io.github.rosettaneurons.dissect.LayerResult;
import io.github.rosettaneurons.dissect.UnitResult;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;

/**
 * Dissect Units (Network Dissection): each unit of the chosen layers is matched
 * to the concept of a Broden-format set whose masks its top activations overlap
 * best (IoU). Writes tally.csv per layer and report.html with image strips and
 * bar graphs to the output folder; returns one table row per unit. Menu entry
 * from plugins.config via {@link CommandBridge}.
 */
@Plugin(type = Command.class, headless = true, label = "Dissect Units")
public class DissectUnitsCommand extends RosettaCommand {

	public static final String TABLE_TITLE = "Dissection";

	@Parameter(required = false)
	private StatusService status;

	@Parameter(required = false)
	private LogService log;

	@Parameter(label = "Model package", style = DialogField.MODEL_STYLE)
	private File model;

	@Parameter(label = "Concepts folder (Broden format)", style = "directory")
	private File concepts;

	@Parameter(label = "Layers (comma-separated; empty for all)",
		required = false, style = DialogField.LAYERS_STYLE)
	private String layers = "";

	@Parameter(label = "Quantile (top fraction of activations, 0-1)")
	private double quantile = DissectOptions.defaults().quantile();

	@Parameter(label = "Level of the threshold", choices = { "reference",
		"exact" })
	private String level = DissectOptions.defaults().levelRule().name()
		.toLowerCase(Locale.ROOT);

	@Parameter(label = "Union of unlabelled images", choices = { "lite",
		"original" })
	private String union = DissectOptions.defaults().union().name().toLowerCase(
		Locale.ROOT);

	@Parameter(label = "Categories (comma-separated; empty for all)",
		required = false)
	private String categories = "";

	@Parameter(label = "IoU threshold (0-1)")
	private double iou = DissectOptions.defaults().iouThreshold();

	@Parameter(label = "Top images per unit", min = "0")
	private int top = DissectOptions.defaults().topImages();

	@Parameter(label = "Batch size (images per pass)", min = "1")
	private int batch = DissectOptions.defaults().batchSize();

	@Parameter(label = "Output folder (new or empty)", style = "directory")
	private File output;

	@Parameter(type = ItemIO.OUTPUT, label = TABLE_TITLE)
	private ResultsTable table;

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String summary;

	private DissectRun.Outputs outputs;

	@Override
	protected void execute() {
		ModelPackage modelPackage = ModelPackage.open(model.toPath());
		BrodenDataset set = BrodenDataset.open(concepts.toPath(), Arrays.stream(
			String.valueOf(categories).split(",")).map(String::trim).filter(c -> !c
				.isEmpty() && !c.equals("null")).toList());
		DissectOptions options = DissectOptions.defaults().withLayers(layers)
			.withQuantile(quantile, DissectOptions.LevelRule.valueOf(level.trim()
				.toUpperCase(Locale.ROOT))).withUnion(DissectOptions.UnionMode.valueOf(
					union.trim().toUpperCase(Locale.ROOT))).withIouThreshold(iou)
			.withTopImages(top).withBatchSize(batch);
		if (log != null) log.info("Dissect Units: " + modelPackage.name() + " on " +
			set.images().describe() + " with " + DjlEnvironment.describe());
		try (Network network = modelPackage.load()) {
			outputs = DissectRun.run(network, set, options, output.toPath(),
				new CommandProgress(status, this));
		}
		catch (IOException e) {
			throw new UncheckedIOException(output + ": " + e.getMessage(), e);
		}
		table = table(outputs.layers());
		if (log != null) log.info(outputs.summary());
		StringBuilder lines = new StringBuilder();
		for (LayerResult layer : outputs.layers())
			lines.append(layer.summary()).append('\n');
		summary = lines + "report in " + outputs.folder().resolve("report.html");
	}

	/**
	 * One row per unit and layer, best score first within each layer; per
	 * category its best label and IoU.
	 */
	static ResultsTable table(List<LayerResult> layers) {
		ResultsTable table = new ResultsTable();
		for (LayerResult layer : layers)
			for (UnitResult unit : layer.byScore()) {
				table.incrementCounter();
				table.addValue("layer", layer.layer());
				table.addValue("unit", unit.unit());
				table.addValue("category", unit.category());
				table.addValue("label", unit.label() == null ? "" : unit.label()
					.name());
				table.addValue("iou", unit.score());
				table.addValue("interpretable", layer.interpretable(unit) ? 1 : 0);
				table.addValue("threshold", unit.threshold());
				for (CategoryScore score : unit.categories()) {
					table.addValue(score.category() + "-label", score.label() == null ? ""
						: score.label().name());
					table.addValue(score.category() + "-iou", score.iou());
				}
			}
		return table;
	}

	public ResultsTable table() {
		return table;
	}

	public DissectRun.Outputs outputs() {
		return outputs;
	}
}
