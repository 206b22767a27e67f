package io.github.rosettaneurons.fiji;

import io.github.rosettaneurons.invert.InversionOutputs;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

/**
 * What Invert Image into Generator and Edit Generated Image share: the trajectory option and the outputs of one
 * latent optimisation (result, trajectory stack, loss plot and table).
 */
abstract class InversionCommand extends RosettaCommand {

	@Parameter(required = false)
	protected StatusService status;

	@Parameter(required = false)
	protected LogService log;

	@Parameter(label = "Every N steps a trajectory slice (0: start and result only)", min = "0")
	protected int every = 0;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus result;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus trajectory;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus loss;

	@Parameter(type = ItemIO.OUTPUT)
	private ResultsTable losses;

	/** Takes the outputs of a finished optimisation. */
	protected void keep(InversionOutputs outputs) {
		result = outputs.result();
		trajectory = outputs.trajectory();
		loss = outputs.plot();
		losses = outputs.losses();
	}

	public ImagePlus result() { return result; }
	public ImagePlus trajectory() { return trajectory; }
	public ImagePlus loss() { return loss; }
	public ResultsTable losses() { return losses; }
}
