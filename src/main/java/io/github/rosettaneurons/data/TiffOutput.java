
package io.github.rosettaneurons.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.io.FileSaver;

/**
 * Saves result images as TIFF all-or-nothing: each file is written to a
 * temporary name and moved into place only when every file has been written,
 * and existing files are never overwritten.
 */
public final class TiffOutput {

	private TiffOutput() {}

	public static List<Path> saveAll(Path folder, List<ImagePlus> images) {
		List<Path> targets = new ArrayList<>();
		for (ImagePlus image : images)
			targets.add(folder.resolve(fileName(image.getTitle())));
		for (Path target : targets)
			if (Files.exists(target)) throw new IllegalArgumentException(target +
				": exists already; nothing was written. Choose an empty output folder or move the old results away.");
		List<Path> written = new ArrayList<>();
		try {
			Files.createDirectories(folder);
			for (int i = 0; i < images.size(); i++) {
				Path temporary = folder.resolve("." + targets.get(i).getFileName() +
					".part");
				written.add(temporary);
				// encoded in memory and written here, so that a failure says its cause
				// (e.g. "No space left on device")
				byte[] tiff = new FileSaver(images.get(i)).serialize();
				if (tiff == null) throw new IOException("ImageJ could not encode " +
					images.get(i).getTitle() + " as TIFF");
				Files.write(temporary, tiff);
			}
			for (int i = 0; i < images.size(); i++)
				Files.move(written.get(i), targets.get(i),
					StandardCopyOption.ATOMIC_MOVE);
			return targets;
		}
		catch (IOException e) {
			for (Path path : written)
				path.toFile().delete();
			throw new IllegalArgumentException(folder + ": cannot save results: " + e
				.getMessage() + "; nothing was written. " +
				"Free some space or choose a writable folder.", e);
		}
	}

	/**
	 * A file name from a window title: letters, digits, dot, dash and underscore
	 * only.
	 */
	public static String fileName(String title) {
		return safeName(title) + ".tif";
	}

	/**
	 * {@code text} with every run of characters other than letters, digits, '.',
	 * '_' and '-' replaced by '_'.
	 */
	public static String safeName(String text) {
		return text.replaceAll("[^A-Za-z0-9._-]+", "_");
	}
}
