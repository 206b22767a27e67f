package io.github.rosettaneurons.fiji;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real ImageJ 1.54p installation made from the packaged jar: plugins/ holds Rosetta_Neurons.jar (found through
 * its plugins.config) and plugins/jars/ its dependencies; ij.jar runs a macro with -batch in its own JVM. Plain
 * ij.jar builds its command table through AWT menus, so the JVM runs under Xvfb (xvfb-run).
 */
final class RealImageJ {

	private final Path home;
	private final Path ijJar;

	RealImageJ(Path home) throws IOException {
		Path jar = Paths.get(System.getProperty("rosetta.jar", "target/Rosetta_Neurons-0.1.0-SNAPSHOT.jar"));
		Path lib = Paths.get(System.getProperty("rosetta.lib", "target/lib"));
		if (!Files.isRegularFile(jar)) throw new IllegalStateException(jar + " is missing: run 'mvn verify'.");
		this.home = home;
		Path plugins = Files.createDirectories(home.resolve("plugins"));
		Path jars = Files.createDirectories(plugins.resolve("jars"));
		Files.copy(jar, plugins.resolve(jar.getFileName()));
		Path ij = null;
		try (Stream<Path> list = Files.list(lib)) {
			for (Path dependency : list.toList()) {
				if (dependency.getFileName().toString().startsWith("ij-")) ij = dependency;
				else Files.copy(dependency, jars.resolve(dependency.getFileName()));
			}
		}
		if (ij == null) throw new IllegalStateException(lib + " holds no ij-*.jar");
		this.ijJar = ij;
	}

	/** The output of a finished macro run. */
	record Run(int exitCode, String output) {}

	Run runMacro(String macro) throws IOException, InterruptedException {
		return runMacro(macro, null);
	}

	/** Runs {@code macro} with -batch; {@code argument} (may be null) is what the macro's getArgument() returns. */
	Run runMacro(String macro, String argument) throws IOException, InterruptedException {
		return run(macro, argument, "-batch", List.of());
	}

	/**
	 * Starts ImageJ with its windows on a virtual 1280×800 screen and runs {@code macro} in it (-macro), as a user
	 * running it from the menu would; the macro must end with run("Quit").
	 */
	Run runMacroWithWindows(String macro, String argument) throws IOException, InterruptedException {
		return run(macro, argument, "-macro", List.of("-s", "-screen 0 1280x800x24"));
	}

	private Run run(String macro, String argument, String mode, List<String> screen) throws IOException,
		InterruptedException
	{
		Path file = home.resolve("test.ijm");
		Files.writeString(file, macro, StandardCharsets.UTF_8);
		List<String> command = new ArrayList<>(List.of("xvfb-run", "-a"));
		command.addAll(screen);
		command.addAll(List.of(Paths.get(System.getProperty("java.home"), "bin",
			"java").toString(), "-Xmx1g", "-Dplugins.dir=" + home, "-DENGINE_CACHE_DIR=" +
			System.getProperty("rosetta.engineCache", home.resolve("engine").toString()), "-cp", ijJar.toString(),
			"ij.ImageJ", mode, file.toString()));
		if (argument != null) command.add(argument);
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException e) {
			throw new IllegalStateException("xvfb-run is needed for real-ImageJ tests (apt-get install xvfb xauth); " +
				".ci/run installs it.", e);
		}
		// read while waiting, so that a hanging ImageJ cannot block the test past the time limit
		CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
			try {
				return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			}
			catch (IOException e) {
				return "(output unreadable: " + e.getMessage() + ")";
			}
		});
		if (!process.waitFor(5, TimeUnit.MINUTES)) {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
			throw new IllegalStateException("ImageJ did not finish the macro in 5 minutes:\n" + output.getNow(""));
		}
		return new Run(process.exitValue(), output.join());
	}
}
