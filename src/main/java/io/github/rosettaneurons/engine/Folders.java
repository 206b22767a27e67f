package io.github.rosettaneurons.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** File-tree housekeeping shared by packages, commands and the command line. */
public final class Folders {

	private Folders() {}

	/** Deletes everything under {@code root}, and {@code root} itself unless {@code keepRoot}; nothing if it is missing. */
	public static void deleteTree(Path root, boolean keepRoot) throws IOException {
		if (!Files.exists(root)) return;
		try (Stream<Path> walk = Files.walk(root)) {
			for (Path path : walk.sorted(Comparator.reverseOrder()).toList())
				if (!keepRoot || !path.equals(root)) Files.deleteIfExists(path);
		}
	}
}
