
package io.github.rosettaneurons.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

import ai.djl.util.Platform;

/**
 * Platform selection and the natives of the update-site tree (built before the
 * tests: target/update-site). The other operating systems cannot run here, so
 * their JVMs are imitated through os.name and os.arch.
 */
class NativePlatformTest {

	private static final Path UPDATE_SITE = Paths.get(System.getProperty(
		"rosetta.updateSite", "target/update-site"));

	/** What each supported platform's JVM reports as os.name and os.arch. */
	private static final Map<NativePlatform, String[]> JVM_REPORTS = Map.of(
		NativePlatform.LINUX_X86_64, new String[] { "Linux", "amd64" },
		NativePlatform.LINUX_AARCH64, new String[] { "Linux", "aarch64" },
		NativePlatform.MACOS_AARCH64, new String[] { "Mac OS X", "aarch64" },
		NativePlatform.WINDOWS_X86_64, new String[] { "Windows 11", "amd64" });

	@Test
	void eachJvmMapsToItsOwnPlatform() {
		JVM_REPORTS.forEach((platform, report) -> assertEquals(platform,
			NativePlatform.of(report[0], report[1])));
		assertEquals(NativePlatform.WINDOWS_X86_64, NativePlatform.of(
			"Windows Server 2022", "x86_64"));
		assertEquals(NativePlatform.LINUX_X86_64, NativePlatform.current(),
			"this machine is Linux x86_64");
	}

	@Test
	void anUnsupportedPlatformGetsOneMessageNamingItAndTheFix() {
		for (String[] report : List.of(new String[] { "Mac OS X", "x86_64" },
			new String[] { "FreeBSD", "amd64" }, new String[] { "Windows 11",
				"aarch64" }))
		{
			String message = assertThrows(EngineUnavailableException.class,
				() -> NativePlatform.of(report[0], report[1])).getMessage();
			assertTrue(message.contains(report[0] + " " + report[1]), message);
			assertTrue(message.contains(
				"linux-x86_64, linux-aarch64, osx-aarch64, win-x86_64"), message);
			assertTrue(message.contains("PYTORCH_LIBRARY_PATH"), message);
		}
	}

	@Test
	void eachFijiPlatformFolderHoldsThatPlatformsLibtorch() throws IOException {
		for (NativePlatform platform : NativePlatform.values()) {
			Path jar = nativeJar(platform);
			try (ZipFile zip = new ZipFile(jar.toFile())) {
				Properties properties = new Properties();
				try (InputStream in = zip.getInputStream(zip.getEntry(
					NativePlatform.DJL_NATIVE_PROPERTIES)))
				{
					properties.load(in);
				}
				assertEquals(platform.classifier(), properties.getProperty(
					"classifier"), jar.toString());
				assertEquals("cpu", properties.getProperty("flavor"), jar.toString());
				assertTrue(properties.getProperty("version").startsWith("2.7.1-"), jar
					.toString());
				List<String> libraries = Arrays.asList(properties.getProperty(
					"libraries").split(","));
				assertTrue(libraries.contains(platform.torchLibrary()), jar + ": " +
					libraries);
				for (String library : libraries) {
					String entry = "pytorch/cpu/" + platform.classifier() + "/" + library;
					assertNotNull(zip.getEntry(entry), jar + " lacks " + entry);
					assertTrue(zip.getEntry(entry).getSize() > 0, entry);
				}
			}
		}
		Path jni = updateSiteJar("pytorch-jni-2.7.1-");
		try (ZipFile zip = new ZipFile(jni.toFile())) {
			for (NativePlatform platform : NativePlatform.values()) {
				String entry = "jnilib/" + platform.classifier() + "/cpu/" + platform
					.jniLibrary();
				assertNotNull(zip.getEntry(entry), jni + " lacks " + entry);
			}
		}
	}

	@Test
	void djlPicksEachPlatformsOwnNativesWhenAllFourAreOnTheClassPath()
		throws Exception
	{
		try (URLClassLoader allFour = loaderOf(NativePlatform.values())) {
			assertEquals(List.of("linux-x86_64", "linux-aarch64", "osx-aarch64",
				"win-x86_64"), NativePlatform.bundledIn(allFour).stream().sorted(
					this::byDeclaration).toList());
			withContext(allFour, () -> Platform.detectPlatform("pytorch")); // DJL's
																																			// CUDA
																																			// probe,
																																			// once,
																																			// on the
																																			// real OS
			for (NativePlatform platform : NativePlatform.values()) {
				String[] report = JVM_REPORTS.get(platform);
				Platform chosen = asIfOn(report, () -> withContext(allFour,
					() -> Platform.detectPlatform("pytorch")));
				assertFalse(chosen.isPlaceholder(), platform.name());
				assertEquals(platform.classifier(), chosen.getClassifier(), platform
					.name());
				assertEquals(platform, asIfOn(report, NativePlatform::current));
				asIfOn(report, () -> {
					platform.requireBundledIn(allFour);
					return null;
				});
			}
		}
	}

	@Test
	void missingNativesNameTheJarAndWhereItGoes() throws Exception {
		try (URLClassLoader macOnly = loaderOf(NativePlatform.MACOS_AARCH64)) {
			String message = assertThrows(EngineUnavailableException.class,
				() -> NativePlatform.LINUX_X86_64.requireBundledIn(macOnly))
				.getMessage();
			assertTrue(message.contains("pytorch-native-cpu-2.7.1-linux-x86_64.jar"),
				message);
			assertTrue(message.contains("Fiji.app/jars/linux64/"), message);
			assertTrue(message.contains("found only osx-aarch64"), message);
		}
	}

	@Test
	void theDownloadOptInHidesTheBundledNativesSoDjlFetchesAnEngine()
		throws Exception
	{
		assertFalse(DjlEnvironment.downloadAllowed(), "off by default"); // also
																																			// initialises
																																			// DjlEnvironment
																																			// as is
		System.setProperty(DjlEnvironment.DOWNLOAD_PROPERTY, " true ");
		try {
			assertTrue(DjlEnvironment.downloadAllowed());
		}
		finally {
			System.clearProperty(DjlEnvironment.DOWNLOAD_PROPERTY);
		}
		try (URLClassLoader allFour = loaderOf(NativePlatform.values());
				URLClassLoader withEngine = new URLClassLoader(new URL[] {
					updateSiteJar("pytorch-engine-").toUri().toURL() }, allFour))
		{
			ClassLoader hidden = new DjlEnvironment.WithoutBundledNatives(withEngine);
			assertEquals(List.of(), NativePlatform.bundledIn(hidden));
			assertTrue(withContext(hidden, () -> Platform.detectPlatform("pytorch"))
				.isPlaceholder(), "DJL downloads for a placeholder platform");
			assertNotNull(hidden.getResource("pytorch/cpu/linux-x86_64/libtorch.so"),
				"everything else stays visible");
		}
	}

	private int byDeclaration(String a, String b) {
		List<String> order = Arrays.stream(NativePlatform.values()).map(
			NativePlatform::classifier).toList();
		return Integer.compare(order.indexOf(a), order.indexOf(b));
	}

	private static Path updateSiteJar(String prefix) throws IOException {
		try (Stream<Path> jars = Files.list(UPDATE_SITE.resolve("jars"))) {
			return jars.filter(p -> p.getFileName().toString().startsWith(prefix))
				.findFirst().orElseThrow();
		}
	}

	private static Path nativeJar(NativePlatform platform) throws IOException {
		Path folder = UPDATE_SITE.resolve("jars").resolve(platform.fijiFolder());
		try (Stream<Path> jars = Files.list(folder)) {
			List<Path> found = jars.toList();
			assertEquals(List.of(folder.resolve("pytorch-native-cpu-2.7.1-" + platform
				.classifier() + ".jar")), found);
			return found.get(0);
		}
	}

	/**
	 * Only the given natives, without this JVM's class path (which holds the
	 * build platform's).
	 */
	private static URLClassLoader loaderOf(NativePlatform... platforms)
		throws IOException
	{
		List<URL> urls = new ArrayList<>();
		for (NativePlatform platform : platforms)
			urls.add(nativeJar(platform).toUri().toURL());
		return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader
			.getPlatformClassLoader());
	}

	private static <T> T withContext(ClassLoader loader, Callable<T> work)
		throws Exception
	{
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(loader);
		try {
			return work.call();
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	/** Runs {@code work} while this JVM reports another os.name and os.arch. */
	private static <T> T asIfOn(String[] report, Callable<T> work)
		throws Exception
	{
		String name = System.getProperty("os.name");
		String arch = System.getProperty("os.arch");
		System.setProperty("os.name", report[0]);
		System.setProperty("os.arch", report[1]);
		try {
			return work.call();
		}
		finally {
			System.setProperty("os.name", name);
			System.setProperty("os.arch", arch);
		}
	}
}
