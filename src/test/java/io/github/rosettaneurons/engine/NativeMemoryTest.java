
package io.github.rosettaneurons.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The engine's tensors and glibc: freed tensors stay in the process until
 * {@link NativeMemory#releaseFreed} hands them back (Linux only: elsewhere it
 * does nothing).
 */
class NativeMemoryTest {

	private static final Path STATUS = Paths.get("/proc/self/status");

	@Test
	void freedTensorsStayUntilReleasedAndThenLeave() throws IOException {
		assumeTrue(Files.isReadable(STATUS), "needs Linux's /proc");
		NDManager manager = DjlEnvironment.engine().newBaseManager(DjlEnvironment
			.device());
		try (NDManager small = manager.newSubManager()) {
			List<NDArray> large = allocate(manager, small, 256);
			long live = residentMb();
			large.forEach(NDArray::close);
			long closed = residentMb();
			NativeMemory.releaseFreed();
			long released = residentMb();
			assertTrue(closed > live - 64,
				"the thresholds keep freed tensors in the process for reuse: " + live +
					" MB with 256 MB of tensors, " + closed + " MB once they are closed");
			assertTrue(released < closed - 192,
				"releaseFreed hands the 256 MB back: " + closed + " MB before, " +
					released + " MB after");
		}
		finally {
			manager.close();
		}
	}

	/**
	 * 4 MB tensors, each followed by a small one that stays alive, as in a
	 * forward pass: the heaps cannot simply shrink back.
	 */
	private static List<NDArray> allocate(NDManager manager, NDManager small,
		int megabytes)
	{
		List<NDArray> large = new ArrayList<>();
		for (int i = 0; i < megabytes / 4; i++) {
			large.add(manager.ones(new Shape(1 << 20)));
			small.ones(new Shape(16));
		}
		return large;
	}

	/**
	 * The ceiling's decisions on a resident set that a batch leaves at the given
	 * sizes: the first batch sets the ceiling, batches within the allowance keep
	 * their freed memory, a batch past it hands it back, and an unknown size
	 * hands it back every time.
	 */
	@Test
	void ceilingHandsFreedMemoryBackOnlyPastItsAllowance() {
		long mb = 1 << 20;
		long[] sizes = { 900 * mb, 1000 * mb, 1028 * mb, 1029 * mb, 700 * mb,
			1100 * mb, -1 };
		boolean[] released = { false, false, false, true, false, true, true };
		int[] batch = { 0 };
		List<Integer> releases = new ArrayList<>();
		NativeMemory.Ceiling ceiling = new NativeMemory.Ceiling(128 * mb,
			() -> sizes[batch[0]], () -> releases.add(batch[0]));
		List<Integer> expected = new ArrayList<>();
		for (; batch[0] < sizes.length; batch[0]++) {
			ceiling.afterBatch();
			if (released[batch[0]]) expected.add(batch[0]);
		}
		assertEquals(expected, releases);
	}

	private static long residentMb() throws IOException {
		for (String line : Files.readAllLines(STATUS))
			if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll(
				"[^0-9]", "")) / 1024;
		throw new IOException("no VmRSS in " + STATUS);
	}
}
