
package io.github.rosettaneurons.fiji;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real ImageJ 1.54p installation made from the packaged jar: plugins/ holds
 * Rosetta_Neurons.jar (found through its plugins.config) and plugins/jars/ its
 * dependencies, or another layout (UpdateSiteIT); ImageJ runs a macro with
 * -batch in its own JVM, in the test JVM's locale. Plain ij.jar builds its
 * command table through AWT menus, so the JVM runs under Xvfb (xvfb-run).
 */
final class RealImageJ {

	private final Path home;
	private final List<Path> classPath;
	private final Path engineCache;

	/**
	 * The plain ImageJ 1.x installation of the README: the jar in plugins/,
	 * target/lib but ij in plugins/jars/.
	 */
	RealImageJ(Path home) throws IOException {
		this(home, List.of(installIntoPlugins(home)), Paths.get(System.getProperty(
			"rosetta.engineCache", home.resolve("engine").toString())));
	}

	/**
	 * An installation already in {@code home}, started with {@code classPath} and
	 * libtorch unpacked in {@code engineCache}.
	 */
	RealImageJ(Path home, List<Path> classPath, Path engineCache) {
		this.home = home;
		this.classPath = List.copyOf(classPath);
		this.engineCache = engineCache;
	}

	/**
	 * Copies the packaged jar into plugins/ and its dependencies into
	 * plugins/jars/; returns ij.jar.
	 */
	private static Path installIntoPlugins(Path home) throws IOException {
		Path jar = Paths.get(System.getProperty("rosetta.jar",
			"target/Rosetta_Neurons-0.1.0-SNAPSHOT.jar"));
		if (!Files.isRegularFile(jar)) throw new IllegalStateException(jar +
			" is missing: run 'mvn verify'.");
		Path plugins = Files.createDirectories(home.resolve("plugins"));
		Path jars = Files.createDirectories(plugins.resolve("jars"));
		Files.copy(jar, plugins.resolve(jar.getFileName()));
		Path ij = null;
		for (Path dependency : targetLib()) {
			if (dependency.getFileName().toString().startsWith("ij-")) ij =
				dependency;
			else Files.copy(dependency, jars.resolve(dependency.getFileName()));
		}
		if (ij == null) throw new IllegalStateException(
			"target/lib holds no ij-*.jar");
		return ij;
	}

	/** The runtime class path that Maven copied next to the packaged jar. */
	static List<Path> targetLib() throws IOException {
		try (Stream<Path> list = Files.list(Paths.get(System.getProperty(
			"rosetta.lib", "target/lib"))))
		{
			return list.sorted().toList();
		}
	}

	/** The output of a finished macro run. */
	record Run(int exitCode, String output) {}

	Run runMacro(String macro) throws IOException, InterruptedException {
		return runMacro(macro, null);
	}

	/**
	 * Runs {@code macro} with -batch; {@code argument} (may be null) is what the
	 * macro's getArgument() returns.
	 */
	Run runMacro(String macro, String argument) throws IOException,
		InterruptedException
	{
		return run(macro, argument, "-batch", List.of());
	}

	/**
	 * Starts ImageJ with its windows on a virtual 1280×800 screen and runs
	 * {@code macro} in it (-macro), as a user running it from the menu would; the
	 * macro must end with run("Quit").
	 */
	Run runMacroWithWindows(String macro, String argument) throws IOException,
		InterruptedException
	{
		return run(macro, argument, "-macro", List.of("-s",
			"-screen 0 1280x800x24"));
	}

	private Run run(String macro, String argument, String mode,
		List<String> screen) throws IOException, InterruptedException
	{
		Path file = home.resolve("test.ijm");
		Files.writeString(file, macro, StandardCharsets.UTF_8);
		List<String> command = new ArrayList<>(List.of("xvfb-run", "-a"));
		command.addAll(screen);
		command.addAll(List.of(Paths.get(System.getProperty("java.home"), "bin",
			"java").toString(), "-Xmx1g", "-Duser.language=" + System.getProperty(
				"user.language"), "-Duser.country=" + System.getProperty("user.country",
					""), "-Dplugins.dir=" + home, "-DENGINE_CACHE_DIR=" + engineCache,
			"-cp", classPath.stream().map(Path::toString).collect(Collectors.joining(
				File.pathSeparator)), "ij.ImageJ", mode, file.toString()));
		if (argument != null) command.add(argument);
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException e) {
			throw new IllegalStateException(
				"xvfb-run is needed for real-ImageJ tests (apt-get install xvfb xauth); " +
					".ci/run installs it.", e);
		}
		// read while waiting, so that a hanging ImageJ cannot block the test past
		// the time limit
		CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
			try {
				return new String(process.getInputStream().readAllBytes(),
					StandardCharsets.UTF_8);
			}
			catch (IOException e) {
				return "(output unreadable: " + e.getMessage() + ")";
			}
		});
		if (!process.waitFor(5, TimeUnit.MINUTES)) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			throw new IllegalStateException(
				"ImageJ did not finish the macro in 5 minutes:\n" + output.getNow(""));
		}
		return new Run(process.exitValue(), output.join());
	}
}
