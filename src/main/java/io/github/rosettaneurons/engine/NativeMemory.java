
package io.github.rosettaneurons.engine;

import java.util.Locale;

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
 * resident for about 1 GB of live data). Long loops call {@link #releaseFreed}
 * once per batch: it hands every free page back at once. Not more often: pages
 * handed back are faulted in afresh by the next tensors that need them.</li>
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
}
