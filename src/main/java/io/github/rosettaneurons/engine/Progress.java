
package io.github.rosettaneurons.engine;

/**
 * Where long work reports how far it is and learns whether the user cancelled
 * it.
 */
public interface Progress {

	/** Work that nobody watches. */
	Progress NONE = new Progress() {

		@Override
		public void report(long done, long total, String message) {}

		@Override
		public boolean cancelled() {
			return false;
		}
	};

	void report(long done, long total, String message);

	boolean cancelled();

	/** Stops the work with {@link CancelledException} when the user asked to. */
	default void checkCancelled() {
		if (cancelled()) throw new CancelledException();
	}

	/**
	 * Thrown where work stops because the user cancelled; nothing partial is
	 * kept.
	 */
	final class CancelledException extends RuntimeException {

		public CancelledException() {
			super("Cancelled by the user; nothing was written.");
		}
	}
}
