
package io.github.rosettaneurons.fiji;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.github.rosettaneurons.invert.InversionOutputs;

/**
 * What Invert Image into Generator and Edit Generated Image share: the outputs
 * of one latent optimisation, declared in the order the bridge shows them (loss
 * table, the edited samples, trajectory stack, loss plot, result last).
 */
abstract class InversionCommand extends RosettaCommand {

	@Parameter(required = false)
	protected StatusService status;

	@Parameter(required = false)
	protected LogService log;

	@Parameter(type = ItemIO.OUTPUT, label = InversionOutputs.LOSS_TABLE_TITLE)
	private ResultsTable losses;

	@Parameter(type = ItemIO.OUTPUT, label = "Original samples")
	private ImagePlus original;

	@Parameter(type = ItemIO.OUTPUT, label = "Trajectory")
	private ImagePlus trajectory;

	@Parameter(type = ItemIO.OUTPUT, label = "Loss plot")
	private ImagePlus loss;

	@Parameter(type = ItemIO.OUTPUT, label = "Result")
	private ImagePlus result;

	@Parameter(type = ItemIO.OUTPUT, label = "Summary")
	private String summary;

	/**
	 * Takes the outputs of a finished optimisation; {@code original} is the
	 * edited samples (null: an inversion).
	 */
	protected void keep(InversionOutputs outputs, ImagePlus original) {
		this.original = original;
		result = outputs.result();
		trajectory = outputs.trajectory();
		loss = outputs.plot();
		losses = outputs.losses();
		summary = "loss " + losses.getValue("loss", 0) + " -> " + losses.getValue(
			"loss", losses.size() - 1);
	}

	public ImagePlus original() {
		return original;
	}

	public ImagePlus result() {
		return result;
	}

	public ImagePlus trajectory() {
		return trajectory;
	}

	public ImagePlus loss() {
		return loss;
	}

	public ResultsTable losses() {
		return losses;
	}
}
