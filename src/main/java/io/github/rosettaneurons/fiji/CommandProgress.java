
package io.github.rosettaneurons.fiji;

import org.scijava.Cancelable;
import org.scijava.app.StatusService;

import ij.IJ;
import io.github.rosettaneurons.engine.Progress;

/**
 * Progress of a command shown through SciJava's status service (Fiji's status
 * bar) and ImageJ 1.x's progress bar (silent when headless); cancelled by the
 * command's cancel flag or by Esc in ImageJ.
 */
final class CommandProgress implements Progress {

	private final StatusService status;
	private final Cancelable command;

	CommandProgress(StatusService status, Cancelable command) {
		this.status = status;
		this.command = command;
	}

	@Override
	public void report(long done, long total, String message) {
		int value = (int) Math.min(done, Integer.MAX_VALUE);
		int max = (int) Math.min(Math.max(total, 1), Integer.MAX_VALUE);
		if (status != null) status.showStatus(value, max, message);
		IJ.showStatus(message);
		IJ.showProgress(value, max);
	}

	@Override
	public boolean cancelled() {
		return command.isCanceled() || IJ.escapePressed();
	}
}
