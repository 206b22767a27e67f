
package io.github.rosettaneurons.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.function.LongSupplier;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * How libtorch's CPU tensors use malloc, on Linux with glibc (elsewhere nothing
 * changes). libtorch takes every tensor from malloc and frees it when done; by
 * default glibc then works against both speed and memory:
 * <ul>
 * <li><b>Speed.</b> glibc hands the free top of its heaps back to the system as
 * soon as it exceeds a threshold that it sets itself (twice the largest tensor
 * freed so far), so every forward pass of a small model faults its freed pages
 * in again: on the 64 px zoo ResNet a third of the forward pass's CPU time was
 * spent in the kernel. {@link #configure} fixes the thresholds instead: tensors
 * up to 32 MB come from malloc's heaps, and freed memory is kept for the next
 * tensor rather than handed back piece by piece.</li>
 * <li><b>Memory.</b> Memory kept in the heaps is reused only where later
 * tensors fit; forward passes and the products that follow them allocate
 * different sizes, so free pieces pile up (mining two ResNet-50s held 2.4 GB
 * resident for about 1 GB of live data). {@link #releaseFreed} hands every
 * free page back at once; long loops call it through a {@link Ceiling}, only
 * once their resident set has grown well past its size after their first
 * batch: pages handed back are faulted in afresh by the next tensors that need
 * them (on two ResNet-50s, trimming after every batch cost a tenth of the
 * mining run).</li>
 * </ul>
 * {@code -Drosetta.malloc=default} leaves glibc as it is (no thresholds, no
 * trimming), to compare or to rule this out.
 */
public final class NativeMemory {

	/** glibc's mallopt parameters. */
	private static final int M_TRIM_THRESHOLD = -1;
	private static final int M_MMAP_THRESHOLD = -3;
	/**
	 * The largest M_MMAP_THRESHOLD glibc accepts on 64-bit systems (half its
	 * per-thread heap size).
	 */
	private static final int LARGEST_HEAP_TENSOR = 32 << 20;
	/**
	 * Larger than a per-thread heap (64 MB): such heaps are never trimmed
	 * piecemeal, only freed whole.
	 */
	private static final int TRIM_THRESHOLD = 256 << 20;

	public static final String PROPERTY = "rosetta.malloc";
	private static final NativeLibrary LIBC = "default".equals(System.getProperty(
		PROPERTY)) ? null : libc();

	private NativeMemory() {}

	private static NativeLibrary libc() {
		if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith(
			"linux")) return null;
		try {
			NativeLibrary c = NativeLibrary.getInstance("c");
			c.getFunction("malloc_trim"); // glibc's; musl and others lack it
			return c;
		}
		catch (LinkageError | RuntimeException e) { // no JNA, or not glibc: keep
																								// the defaults
			return null;
		}
	}

	/**
	 * Fixes glibc's thresholds (see the class comment); called once before
	 * libtorch starts.
	 */
	static void configure() {
		if (LIBC == null) return;
		Function mallopt = LIBC.getFunction("mallopt");
		mallopt.invokeInt(new Object[] { M_MMAP_THRESHOLD, LARGEST_HEAP_TENSOR });
		mallopt.invokeInt(new Object[] { M_TRIM_THRESHOLD, TRIM_THRESHOLD });
	}

	/**
	 * Hands the free pages of malloc's heaps back to the system (glibc's
	 * {@code malloc_trim(0)}).
	 */
	public static void releaseFreed() {
		if (LIBC != null) LIBC.getFunction("malloc_trim").invokeInt(new Object[] {
			0 });
	}

	/**
	 * The process's resident set in bytes, libtorch's native memory included;
	 * -1 where unknown (not Linux).
	 */
	public static long residentBytes() {
		return processStatus("VmRSS");
	}

	/** The process's peak resident set in bytes; -1 where unknown. */
	public static long peakResidentBytes() {
		return processStatus("VmHWM");
	}

	/** A size in Linux's /proc/self/status, in bytes; -1 where unknown. */
	private static long processStatus(String field) {
		try {
			for (String line : Files.readAllLines(Paths.get("/proc/self/status")))
				if (line.startsWith(field + ":")) return 1024 * Long.parseLong(line
					.replaceAll("[^0-9]", ""));
		}
		catch (IOException | NumberFormatException e) {
			// not Linux: unknown
		}
		return -1;
	}

	/**
	 * When a long loop hands freed memory back: after a batch whose resident set
	 * exceeds the one after the loop's first batch by more than an allowance.
	 * Batches in between reuse the pages the last one freed; the pieces that
	 * pile up are handed back before they amount to more than the allowance.
	 * Where the resident set is unknown, after every batch.
	 */
	public static final class Ceiling {

		/** What the resident set may grow by, for the mining loops. */
		public static final long DEFAULT_ALLOWANCE = 256L << 20;

		private final long allowance;
		private final LongSupplier resident;
		private final Runnable release;
		private long ceiling = -1;

		public Ceiling() {
			this(DEFAULT_ALLOWANCE, NativeMemory::residentBytes,
				NativeMemory::releaseFreed);
		}

		/**
		 * With {@code resident} the resident set in bytes (negative where
		 * unknown) and {@code release} what hands memory back.
		 */
		Ceiling(long allowance, LongSupplier resident, Runnable release) {
			this.allowance = allowance;
			this.resident = resident;
			this.release = release;
		}

		/** Called after each batch, with its tensors closed. */
		public void afterBatch() {
			long bytes = resident.getAsLong();
			if (bytes < 0) release.run();
			else if (ceiling < 0) ceiling = bytes + allowance;
			else if (bytes > ceiling) release.run();
		}
	}
}
