
package io.github.rosettaneurons.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.rosettaneurons.engine.NativePlatform;

/**
 * The update-site tree (target/update-site, see README "Install") installed
 * into a clean ImageJ 1.54p folder, once as Fiji's updater lays it out and once
 * as a plain ImageJ 1.x user would; each runs a shipped macro. Fiji's own jars
 * (ij, scijava-common, imglib2, snakeyaml, gson, ...) are stood in for by
 * target/lib's, minus what the tree ships.
 */
class UpdateSiteIT {

	private static final Path ROOT = Paths.get("").toAbsolutePath();
	private static final Path TREE = Paths.get(System.getProperty(
		"rosetta.updateSite", "target/update-site"));
	private static final String MACRO = "extract_activations.ijm";

	@TempDir
	Path temp;

	@Test
	void treeHoldsThePluginTheJarsFijiLacksAndEveryPlatformsNatives()
		throws IOException
	{
		assertEquals(List.of("Rosetta_Neurons-" + version() + ".jar"), names(TREE
			.resolve("plugins")));
		assertEquals(Set.of("api-0.36.0.jar", "pytorch-engine-0.36.0.jar",
			"pytorch-jni-2.7.1-0.36.0.jar"), Set.copyOf(jarsIn(TREE.resolve(
				"jars"))));
		for (NativePlatform platform : NativePlatform.values())
			assertEquals(List.of("pytorch-native-cpu-2.7.1-" + platform.classifier() +
				".jar"), names(TREE.resolve("jars").resolve(platform.fijiFolder())));
	}

	@Test
	void fijiLayoutRunsAShippedMacroWithThisPlatformsNativesFromItsFolder()
		throws Exception
	{
		Path fiji = temp.resolve("Fiji.app");
		copyTree(TREE, fiji);
		Path jars = fiji.resolve("jars");
		for (Path own : fijisOwnJars())
			Files.copy(own, jars.resolve(own.getFileName()));
		// Fiji's launcher: jars/, then this platform's folder of jars/, then
		// plugins/
		List<Path> classPath = new ArrayList<>(jarFiles(jars));
		classPath.addAll(jarFiles(jars.resolve(NativePlatform.current()
			.fijiFolder())));
		classPath.addAll(jarFiles(fiji.resolve("plugins")));
		Path engine = temp.resolve("engine"); // fresh: libtorch is unpacked from
																					// the native jar of that folder
		RealImageJ.Run run = new RealImageJ(fiji, classPath, engine).runMacro(
			shipped(MACRO), ROOT.toString());
		assertEquals(0, run.exitCode(), run.output());
		assertTrue(run.output().matches("(?s).*layer3: \\d+ units of \\d+x\\d+.*"),
			run.output());
		NativePlatform platform = NativePlatform.current();
		try (Stream<Path> folders = Files.list(engine.resolve("pytorch"))) {
			Path unpacked = folders.filter(p -> p.getFileName().toString().endsWith(
				"-cpu-" + platform.classifier())).findFirst().orElseThrow(
					() -> new AssertionError("libtorch not unpacked into " + engine));
			assertTrue(Files.size(unpacked.resolve(platform.torchLibrary())) > 0,
				unpacked.toString());
		}
	}

	@Test
	void
		plainImageJLayoutWithEveryPlatformsNativesInPluginsJarsRunsAShippedMacro()
			throws Exception
	{
		Path imagej = temp.resolve("ImageJ");
		Path plugins = Files.createDirectories(imagej.resolve("plugins"));
		Path jars = Files.createDirectories(plugins.resolve("jars"));
		for (Path jar : jarFiles(TREE.resolve("plugins")))
			Files.copy(jar, plugins.resolve(jar.getFileName()));
		// ImageJ 1.x looks one folder deep only: every jar of the tree, natives of
		// all four platforms included, flat
		try (Stream<Path> all = Files.walk(TREE.resolve("jars"))) {
			for (Path jar : all.filter(p -> p.toString().endsWith(".jar")).toList())
				Files.copy(jar, jars.resolve(jar.getFileName()));
		}
		Path ij = null;
		for (Path own : fijisOwnJars()) {
			if (own.getFileName().toString().startsWith("ij-")) ij = own;
			else Files.copy(own, jars.resolve(own.getFileName()));
		}
		Path engine = Paths.get(System.getProperty("rosetta.engineCache", temp
			.resolve("engine").toString()));
		RealImageJ.Run run = new RealImageJ(imagej, List.of(ij), engine).runMacro(
			shipped(MACRO), ROOT.toString());
		assertEquals(0, run.exitCode(), run.output());
		assertTrue(run.output().matches("(?s).*layer3: \\d+ units of \\d+x\\d+.*"),
			run.output());
	}

	/**
	 * target/lib without the jars the tree ships: what a Fiji installation
	 * already has.
	 */
	private static List<Path> fijisOwnJars() throws IOException {
		Set<String> shipped;
		try (Stream<Path> tree = Files.walk(TREE)) {
			shipped = tree.map(p -> p.getFileName().toString()).collect(Collectors
				.toSet());
		}
		return RealImageJ.targetLib().stream().filter(jar -> !shipped.contains(jar
			.getFileName().toString())).toList();
	}

	private static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> all = Files.walk(from)) {
			for (Path source : all.toList()) {
				Path target = to.resolve(from.relativize(source).toString());
				if (Files.isDirectory(source)) Files.createDirectories(target);
				else Files.copy(source, target);
			}
		}
	}

	private static String shipped(String macro) throws IOException {
		return Files.readString(ROOT.resolve("macros").resolve(macro));
	}

	private static String version() {
		String jar = Paths.get(System.getProperty("rosetta.jar",
			"target/Rosetta_Neurons-0.1.0-SNAPSHOT.jar")).getFileName().toString();
		return jar.substring("Rosetta_Neurons-".length(), jar.length() - ".jar"
			.length());
	}

	private static List<Path> jarFiles(Path folder) throws IOException {
		try (Stream<Path> list = Files.list(folder)) {
			return list.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
		}
	}

	private static List<String> jarsIn(Path folder) throws IOException {
		return jarFiles(folder).stream().map(p -> p.getFileName().toString())
			.toList();
	}

	private static List<String> names(Path folder) throws IOException {
		try (Stream<Path> list = Files.list(folder)) {
			return list.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}
}
