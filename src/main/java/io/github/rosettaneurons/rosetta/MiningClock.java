
package io.github.rosettaneurons.rosetta;

/**
 * Time spent by a miner in forward passes and in the correlation step, and the
 * correlation GEMMs' FLOPs.
 */
public final class MiningClock {

	long forwardNanos;
	long correlationNanos;
	double correlationFlops;
	/** The first batch's step: it also faults in the score sums' pages. */
	long firstCorrelationNanos;
	double firstCorrelationFlops;
	long images;

	void addCorrelation(double flops, long nanos) {
		if (correlationNanos == 0) {
			firstCorrelationNanos = nanos;
			firstCorrelationFlops = flops;
		}
		correlationFlops += flops;
		correlationNanos += nanos;
	}

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

	/**
	 * GFLOP/s of the correlation step after its first batch (the steady state a
	 * long run approaches), or NaN with a single batch.
	 */
	public double steadyCorrelationGflops() {
		long nanos = correlationNanos - firstCorrelationNanos;
		return nanos == 0 ? Double.NaN : (correlationFlops -
			firstCorrelationFlops) / nanos;
	}
}
