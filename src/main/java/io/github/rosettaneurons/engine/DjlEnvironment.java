
package io.github.rosettaneurons.engine;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * The one door to DJL's engines (PyTorch, the only backend's, today). It pins
 * DJL offline and silent before any DJL class is initialised, runs engine work
 * with this plugin's class loader as the thread context class loader (DJL
 * discovers its engine and native libraries through it), and chooses the
 * device.
 * <p>
 * System properties read here:
 * <ul>
 * <li>{@code rosetta.device}: {@code cpu} forces the CPU; {@code gpu} demands a
 * GPU; unset picks a GPU when DJL sees one.</li>
 * <li>{@code rosetta.engine.download} (or the environment variable
 * {@code ROSETTA_ENGINE_DOWNLOAD}): {@code true} lets DJL go online
 * ({@code ai.djl.offline=false}) and download the libtorch build for this
 * machine, the CUDA one when it sees a GPU or the {@code PYTORCH_FLAVOR} asked
 * for; the bundled CPU natives are then ignored, since DJL would otherwise
 * always prefer them. Off by default: DJL stays offline.</li>
 * <li>{@code rosetta.malloc}: {@code default} keeps glibc's own malloc
 * thresholds ({@link NativeMemory}).</li>
 * <li>{@code ENGINE_CACHE_DIR}: where libtorch is unpacked, by default
 * {@code ~/.rosetta-neurons/djl-engine} so it never collides with another
 * plugin's copy.</li>
 * </ul>
 */
public final class DjlEnvironment {

	public static final String DEVICE_PROPERTY = "rosetta.device";
	public static final String DOWNLOAD_PROPERTY = "rosetta.engine.download";
	private static final Map<String, Engine> ENGINES = new ConcurrentHashMap<>();

	static {
		if (downloadAllowed()) System.setProperty("ai.djl.offline", "false");
		setIfAbsent("ai.djl.offline", "true");
		setIfAbsent("OPT_OUT_TRACKING", "true");
		setIfAbsent("ENGINE_CACHE_DIR", defaultEngineCache().toString());
		// A fixed-shape graph optimiser re-profiles on every new input size; our
		// inputs vary.
		setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
	}

	private DjlEnvironment() {}

	private static void setIfAbsent(String key, String value) {
		if (System.getProperty(key) == null && System.getenv(key) == null) System
			.setProperty(key, value);
	}

	private static Path defaultEngineCache() {
		return Paths.get(System.getProperty("user.home"), ".rosetta-neurons",
			"djl-engine");
	}

	/**
	 * Runs work with the plugin's class loader as context class loader, restoring
	 * the caller's: DJL and SciJava both discover their engines, services and
	 * native libraries through it, and in ImageJ 1.x it is not set for us.
	 */
	public static <T> T withPluginClassLoader(Callable<T> work) {
		return withContextClassLoader(DjlEnvironment.class.getClassLoader(), work);
	}

	private static <T> T withContextClassLoader(ClassLoader loader,
		Callable<T> work)
	{
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(loader);
		try {
			return work.call();
		}
		catch (RuntimeException e) {
			throw e;
		}
		catch (Exception e) {
			throw new EngineUnavailableException(e.getMessage(), e);
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	/**
	 * The engine of the standard backend ({@link ModelBackends#standard()}),
	 * initialised once.
	 */
	public static Engine engine() {
		return engine(ModelBackends.standard());
	}

	/**
	 * The engine {@code backend} computes on, initialised once with the right
	 * class loader.
	 */
	static Engine engine(ModelBackend backend) {
		Engine result = ENGINES.get(backend.engineName());
		if (result != null) return result;
		synchronized (DjlEnvironment.class) {
			return ENGINES.computeIfAbsent(backend.engineName(), name -> {
				NativeMemory.configure(); // before libtorch allocates anything
				return withContextClassLoader(engineClassLoader(), () -> {
					try {
						return Engine.getEngine(name);
					}
					catch (RuntimeException | UnsatisfiedLinkError e) {
						throw new EngineUnavailableException("Could not start DJL's " +
							name + " engine: " + e.getMessage() + ". " + backend.engineHelp(),
							e);
					}
				});
			});
		}
	}

	/**
	 * Whether the user allowed DJL to download an engine build
	 * ({@value #DOWNLOAD_PROPERTY}).
	 */
	static boolean downloadAllowed() {
		String value = System.getProperty(DOWNLOAD_PROPERTY, System.getenv(
			"ROSETTA_ENGINE_DOWNLOAD"));
		return Boolean.parseBoolean(value == null ? null : value.trim());
	}

	/**
	 * The class loader DJL finds libtorch through: the plugin's, checked to hold
	 * this platform's natives; without them when a download is allowed; as it is
	 * when PYTORCH_LIBRARY_PATH names a libtorch (DJL looks there first).
	 */
	private static ClassLoader engineClassLoader() {
		ClassLoader plugin = DjlEnvironment.class.getClassLoader();
		if (downloadAllowed()) return new WithoutBundledNatives(plugin);
		if (System.getProperty("PYTORCH_LIBRARY_PATH", System.getenv(
			"PYTORCH_LIBRARY_PATH")) == null) NativePlatform.current()
				.requireBundledIn(plugin);
		return plugin;
	}

	/**
	 * A class loader that hides DJL's bundled-natives descriptors, so DJL
	 * downloads the build for this machine.
	 */
	static final class WithoutBundledNatives extends ClassLoader {

		WithoutBundledNatives(ClassLoader parent) {
			super(parent);
		}

		@Override
		public URL getResource(String name) {
			return NativePlatform.DJL_NATIVE_PROPERTIES.equals(name) ? null
				: super.getResource(name);
		}

		@Override
		public Enumeration<URL> getResources(String name) throws IOException {
			return NativePlatform.DJL_NATIVE_PROPERTIES.equals(name) ? Collections
				.emptyEnumeration() : super.getResources(name);
		}
	}

	/**
	 * The device this plugin computes on: the GPU when DJL sees one, unless
	 * {@code rosetta.device=cpu}.
	 */
	public static Device device() {
		String wanted = System.getProperty(DEVICE_PROPERTY, "auto").trim()
			.toLowerCase(Locale.ROOT);
		Engine pytorch = engine();
		switch (wanted) {
			case "cpu":
				return Device.cpu();
			case "gpu":
				if (pytorch.getGpuCount() == 0) throw new EngineUnavailableException(
					DEVICE_PROPERTY +
						"=gpu but DJL sees no GPU. Point PYTORCH_LIBRARY_PATH at a libtorch 2.7.1+cu128 " +
						"and set PYTORCH_FLAVOR=cu128, allow a download with -D" +
						DOWNLOAD_PROPERTY + "=true, or use " + DEVICE_PROPERTY + "=cpu.",
					null);
				return Device.gpu();
			case "auto":
				return pytorch.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
			default:
				throw new EngineUnavailableException("Unknown " + DEVICE_PROPERTY +
					"=" + wanted + "; use cpu, gpu or auto.", null);
		}
	}

	/** One line for logs and status bars, e.g. "PyTorch 2.7.1 on cpu()". */
	public static String describe() {
		Engine pytorch = engine();
		return pytorch.getEngineName() + " " + pytorch.getVersion() + " on " +
			device();
	}
}
