package io.github.rosettaneurons.fiji;

import io.github.rosettaneurons.engine.Progress;
import org.scijava.command.ContextCommand;

/**
 * Base of this plugin's SciJava commands. A user's cancel ends the command quietly; a failure is kept with its
 * message (and reported as the cancel reason to any SciJava caller) so the ImageJ bridge can show that one
 * message instead of SciJava's stack trace.
 */
public abstract class RosettaCommand extends ContextCommand {

	private RuntimeException failure;

	protected abstract void execute();

	@Override
	public final void run() {
		try {
			execute();
		}
		catch (Progress.CancelledException e) {
			cancel(e.getMessage());
		}
		catch (RuntimeException e) {
			failure = e;
			cancel(e.getMessage());
		}
	}

	/** Why the command failed, or null when it did not. */
	public RuntimeException failure() {
		return failure;
	}
}
