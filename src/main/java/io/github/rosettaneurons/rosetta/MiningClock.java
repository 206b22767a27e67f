
package io.github.rosettaneurons.rosetta;

/**
 * Time spent by a miner in forward passes and in the correlation step, and the
 * correlation GEMMs' FLOPs.
 */
public final class MiningClock {

	long forwardNanos;
	long correlationNanos;
	double correlationFlops;
	long images;

	public double forwardSeconds() {
		return forwardNanos / 1e9;
	}

	public double correlationSeconds() {
		return correlationNanos / 1e9;
	}

	public double correlationFlops() {
		return correlationFlops;
	}

	/** Images read, counting each pass. */
	public long images() {
		return images;
	}

	/**
	 * Achieved GFLOP/s of the correlation step (GEMM FLOPs over the step's whole
	 * time, resampling included).
	 */
	public double correlationGflops() {
		return correlationNanos == 0 ? 0 : correlationFlops / correlationNanos;
	}
}
