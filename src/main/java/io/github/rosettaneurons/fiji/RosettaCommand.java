
package io.github.rosettaneurons.fiji;

import org.scijava.command.ContextCommand;

import io.github.rosettaneurons.engine.Progress;

/**
 * Base of this plugin's SciJava commands. A user's cancel ends the command
 * quietly (a cancelled module); a failure is kept and thrown on, so every
 * SciJava caller (scripts, CommandService users) sees a failed module with the
 * message (the future's ExecutionException, a ModuleErroredEvent), and the
 * ImageJ bridge can show that one message instead of SciJava's stack trace.
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
			throw e;
		}
	}

	/** Why the command failed, or null when it did not. */
	public RuntimeException failure() {
		return failure;
	}
}
