
package io.github.rosettaneurons.rosetta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The step's rate over a run and after its first batch. */
class MiningClockTest {

	@Test
	void steadyRateLeavesOutTheFirstBatch() {
		MiningClock clock = new MiningClock();
		clock.addCorrelation(4e9, 4_000_000_000L); // a slow first batch: 1 GFLOP/s
		assertTrue(Double.isNaN(clock.steadyCorrelationGflops()));
		clock.addCorrelation(6e9, 2_000_000_000L);
		clock.addCorrelation(6e9, 1_000_000_000L);
		assertEquals(16e9 / 7e9, clock.correlationGflops(), 1e-12);
		assertEquals(12e9 / 3e9, clock.steadyCorrelationGflops(), 1e-12);
		assertEquals(7.0, clock.correlationSeconds(), 1e-12);
	}
}
