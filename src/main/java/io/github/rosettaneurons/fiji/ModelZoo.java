
package io.github.rosettaneurons.fiji;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import ij.IJ;
import ij.Prefs;
import io.github.rosettaneurons.engine.ModelPackage;

/**
 * The folder of model packages the dialogs offer: the one the user chose last
 * (remembered in ImageJ's preferences), else the sample zoo,
 * {@code sample-data/v2/zoo} in the working folder (as the CLI's demo finds it)
 * or in ImageJ's.
 */
final class ModelZoo {

	static final String PREFERENCE = "rosetta.zoo";

	/** Where the repository, and the demo, keep the sample zoo. */
	static final String SAMPLE_ZOO = "sample-data/v2/zoo";

	private ModelZoo() {}

	/**
	 * The zoo folder, or null when none is chosen and no sample zoo is at hand.
	 */
	static Path folder() {
		String chosen = Prefs.get(PREFERENCE, "");
		if (!chosen.isBlank()) return Paths.get(chosen);
		List<Path> candidates = new ArrayList<>(List.of(Paths.get(SAMPLE_ZOO)
			.toAbsolutePath()));
		String imagej = IJ.getDirectory("imagej");
		if (imagej != null) candidates.add(Paths.get(imagej, SAMPLE_ZOO));
		return candidates.stream().filter(Files::isDirectory).findFirst().orElse(
			null);
	}

	static void choose(Path folder) {
		Prefs.set(PREFERENCE, folder.toString());
		Prefs.savePreferences();
	}

	/**
	 * The package folders directly inside the zoo, by name; none when there is no
	 * zoo.
	 */
	static List<String> packages() {
		Path zoo = folder();
		if (zoo == null || !Files.isDirectory(zoo)) return List.of();
		try (Stream<Path> entries = Files.list(zoo)) {
			return entries.filter(ModelPackage::isPackageFolder).sorted().map(
				Path::toString).toList();
		}
		catch (IOException e) {
			throw new UncheckedIOException(zoo + ": cannot list the model zoo (" + e
				.getMessage() + ")", e);
		}
	}
}
