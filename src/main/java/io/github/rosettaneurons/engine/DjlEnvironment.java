package io.github.rosettaneurons.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.Callable;

/**
 * The one door to DJL's PyTorch engine. It pins DJL offline and silent before any DJL class is
 * initialised, runs engine work with this plugin's class loader as the thread context class loader
 * (DJL discovers its engine and native libraries through it), and chooses the device.
 *
 * <p>System properties read here:
 * <ul>
 * <li>{@code rosetta.device}: {@code cpu} forces the CPU; {@code gpu} demands a GPU; unset picks a GPU
 * when DJL sees one.</li>
 * <li>{@code ai.djl.offline}: defaults to {@code true}; set it to {@code false} once to let DJL download
 * an engine build (for example the CUDA flavour).</li>
 * <li>{@code ENGINE_CACHE_DIR}: where libtorch is unpacked, by default
 * {@code ~/.rosetta-neurons/djl-engine} so it never collides with another plugin's copy.</li>
 * </ul>
 */
public final class DjlEnvironment {

	public static final String DEVICE_PROPERTY = "rosetta.device";
	private static final String ENGINE_NAME = "PyTorch";

	private static volatile Engine engine;

	static {
		setIfAbsent("ai.djl.offline", "true");
		setIfAbsent("OPT_OUT_TRACKING", "true");
		setIfAbsent("ENGINE_CACHE_DIR", defaultEngineCache().toString());
		// A fixed-shape graph optimiser re-profiles on every new input size; our inputs vary.
		setIfAbsent("ai.djl.pytorch.graph_optimizer", "false");
	}

	private DjlEnvironment() {}

	private static void setIfAbsent(String key, String value) {
		if (System.getProperty(key) == null && System.getenv(key) == null) System.setProperty(key, value);
	}

	private static Path defaultEngineCache() {
		return Paths.get(System.getProperty("user.home"), ".rosetta-neurons", "djl-engine");
	}

	/**
	 * Runs work with the plugin's class loader as context class loader, restoring the caller's: DJL and SciJava both
	 * discover their engines, services and native libraries through it, and in ImageJ 1.x it is not set for us.
	 */
	public static <T> T withPluginClassLoader(Callable<T> work) {
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(DjlEnvironment.class.getClassLoader());
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

	/** The PyTorch engine, initialised once with the right class loader. */
	public static Engine engine() {
		Engine result = engine;
		if (result != null) return result;
		synchronized (DjlEnvironment.class) {
			if (engine == null) {
				engine = withPluginClassLoader(() -> {
					try {
						return Engine.getEngine(ENGINE_NAME);
					}
					catch (RuntimeException | UnsatisfiedLinkError e) {
						throw new EngineUnavailableException("Could not start DJL's PyTorch engine: " + e.getMessage() +
							". Check that pytorch-native-cpu (or PYTORCH_LIBRARY_PATH with PYTORCH_FLAVOR) matches " +
							"PyTorch 2.7.1, and that ENGINE_CACHE_DIR (" + System.getProperty("ENGINE_CACHE_DIR") +
							") is writable.", e);
					}
				});
			}
			return engine;
		}
	}

	/** The device this plugin computes on: the GPU when DJL sees one, unless {@code rosetta.device=cpu}. */
	public static Device device() {
		String wanted = System.getProperty(DEVICE_PROPERTY, "auto").trim().toLowerCase();
		Engine pytorch = engine();
		switch (wanted) {
			case "cpu":
				return Device.cpu();
			case "gpu":
				if (pytorch.getGpuCount() == 0) throw new EngineUnavailableException(
					DEVICE_PROPERTY + "=gpu but DJL sees no GPU. Point PYTORCH_LIBRARY_PATH at a libtorch 2.7.1+cu128 " +
						"and set PYTORCH_FLAVOR=cu128, or use " + DEVICE_PROPERTY + "=cpu.", null);
				return Device.gpu();
			case "auto":
				return pytorch.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
			default:
				throw new EngineUnavailableException("Unknown " + DEVICE_PROPERTY + "=" + wanted +
					"; use cpu, gpu or auto.", null);
		}
	}

	/** One line for logs and status bars, e.g. "PyTorch 2.7.1 on cpu()". */
	public static String describe() {
		Engine pytorch = engine();
		return pytorch.getEngineName() + " " + pytorch.getVersion() + " on " + device();
	}
}
