
package io.github.rosettaneurons.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-tree housekeeping shared by packages, commands and the command line. */
public final class Folders {

	private Folders() {}

	/**
	 * Creates {@code out} or checks that it is an empty folder, so that a run
	 * never overwrites results.
	 *
	 * @return true when the folder was created (a failed run then removes it, not
	 *         only its contents)
	 */
	public static boolean createEmpty(Path out) throws IOException {
		if (Files.exists(out) && !Files.isDirectory(out))
			throw new IllegalArgumentException(out.toAbsolutePath() +
				": is a file; choose a new or empty output folder.");
		if (Files.isDirectory(out)) {
			try (Stream<Path> files = Files.list(out)) {
				if (files.findAny().isPresent()) throw new IllegalArgumentException(out
					.toAbsolutePath() +
					": is not empty; nothing was written. Choose a new output folder.");
			}
			return false;
		}
		Files.createDirectories(out);
		return true;
	}

	/**
	 * Deletes everything under {@code root}, and {@code root} itself unless
	 * {@code keepRoot}; nothing if it is missing.
	 */
	public static void deleteTree(Path root, boolean keepRoot)
		throws IOException
	{
		if (!Files.exists(root)) return;
		try (Stream<Path> walk = Files.walk(root)) {
			for (Path path : walk.sorted(Comparator.reverseOrder()).toList())
				if (!keepRoot || !path.equals(root)) Files.deleteIfExists(path);
		}
	}
}
