
package io.github.rosettaneurons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The layering of README's Layout, read from the sources (imports and fully
 * qualified names alike): engine → data → method packages → fiji and cli.
 * Method packages may use one another and ImageJ 1.x headlessly (processors,
 * pictures drawn off screen), but open no windows; cli never uses fiji, which
 * is only what Fiji shows.
 */
class LayeringTest {

	private static final Path SOURCES = Paths.get(
		"src/main/java/io/github/rosettaneurons");

	private static final Set<String> METHODS = Set.of("rosetta", "dissect",
		"spectral", "describe", "invert", "browse");

	/** Which of the plugin's packages each package may use. */
	private static final Map<String, Set<String>> ALLOWED = Map.of("engine", Set
		.of(), "data", Set.of("engine"), "rosetta", methodsAnd("engine", "data"),
		"dissect", methodsAnd("engine", "data"), "spectral", methodsAnd("engine",
			"data"), "describe", methodsAnd("engine", "data"), "invert", methodsAnd(
				"engine", "data"), "browse", methodsAnd("engine", "data"), "fiji",
		methodsAnd("engine", "data"), "cli", methodsAnd("engine", "data"));

	private static final Pattern REFERENCE = Pattern.compile(
		"\\bio\\.github\\.rosettaneurons\\.([a-z]+)\\.");

	/**
	 * What opens or looks for windows: only fiji (and the CLI's own console) may.
	 */
	private static final Pattern WINDOWS = Pattern.compile(
		"javax\\.swing|java\\.awt\\.(Frame|Window|Dialog|event)|" +
			"ij\\.WindowManager|ij\\.gui\\.\\w*(Dialog|Window)\\b|ij\\.text\\.TextWindow|\\.show\\(");

	private static Set<String> methodsAnd(String... lower) {
		Set<String> allowed = new java.util.HashSet<>(METHODS);
		allowed.addAll(List.of(lower));
		return allowed;
	}

	@Test
	void everyPackageUsesOnlyTheLayersBelowIt() throws IOException {
		List<String> found = new ArrayList<>();
		for (Path source : sources()) {
			String own = source.getParent().getFileName().toString();
			Set<String> allowed = ALLOWED.get(own);
			if (allowed == null) {
				found.add(source + ": package '" + own +
					"' has no place in the layering; add it to LayeringTest and README");
				continue;
			}
			List<String> lines = Files.readAllLines(source);
			for (int i = 0; i < lines.size(); i++) {
				if (lines.get(i).startsWith("package ")) continue;
				Matcher used = REFERENCE.matcher(lines.get(i));
				while (used.find())
					if (!used.group(1).equals(own) && !allowed.contains(used.group(1)))
						found.add(source + ":" + (i + 1) + ": " + own + " uses " + used
							.group(1) + ": " + lines.get(i).trim());
			}
		}
		assertEquals(List.of(), found,
			"engine → data → method packages → fiji, cli; cli never uses fiji");
	}

	@Test
	void onlyFijiOpensWindows() throws IOException {
		List<String> found = new ArrayList<>();
		for (Path source : sources()) {
			String own = source.getParent().getFileName().toString();
			if (own.equals("fiji") || own.equals("cli")) continue;
			List<String> lines = Files.readAllLines(source);
			for (int i = 0; i < lines.size(); i++)
				if (WINDOWS.matcher(lines.get(i)).find()) found.add(source + ":" + (i +
					1) + ": " + lines.get(i).trim());
		}
		assertEquals(List.of(), found,
			"engine, data and the method packages run headless; windows belong in fiji");
	}

	private static List<Path> sources() throws IOException {
		try (Stream<Path> files = Files.walk(SOURCES)) {
			List<Path> sources = files.filter(p -> p.toString().endsWith(".java") &&
				!p.getParent().equals(SOURCES)).toList();
			assertTrue(sources.size() > 100, "the sources were found");
			return sources;
		}
	}
}
