
package io.github.rosettaneurons.engine;

/**
 * DJL's PyTorch engine could not be started or used; the message says what to
 * change.
 */
public class EngineUnavailableException extends RuntimeException {

	public EngineUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}
}
