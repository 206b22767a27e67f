
package io.github.rosettaneurons;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

import io.github.rosettaneurons.engine.ModelPackage;

/**
 * The committed sample worlds and zoos, as tests find them from the project
 * folder: the first world (sample-data/), the tests' fixture, and world v2
 * (sample-data/v2/), which the shipped macros and the demo use.
 */
public final class TestZoo {

	public static final Path ROOT = Paths.get("sample-data").toAbsolutePath();
	public static final Path ZOO = ROOT.resolve("zoo");
	public static final Path IMAGES = ROOT.resolve("images");
	public static final Path FIRST_IMAGE = IMAGES.resolve("scene_0.png");
	public static final Path V2_ZOO = ROOT.resolve("v2").resolve("zoo");
	public static final Path V2_IMAGES = ROOT.resolve("v2").resolve("images");

	private TestZoo() {}

	public static Path folder(String model) {
		return ZOO.resolve(model);
	}

	public static ModelPackage open(String model) {
		return ModelPackage.open(folder(model));
	}

	/** Every package folder of the zoo, in name order. */
	public static List<Path> packages() {
		try (Stream<Path> list = Files.list(ZOO)) {
			return list.filter(p -> Files.isRegularFile(p.resolve("rdf.yaml")))
				.sorted().toList();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** A copy of a package in {@code target}, for tests that damage it. */
	public static Path copy(String model, Path target) {
		try {
			Files.createDirectories(target);
			try (Stream<Path> files = Files.list(folder(model))) {
				for (Path file : files.toList())
					Files.copy(file, target.resolve(file.getFileName()));
			}
			return target;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
