
package io.github.rosettaneurons.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

import ij.ImagePlus;

/**
 * The image files of one folder, in name order. Each file must hold a single
 * image (multichannel allowed); stacks belong in {@link StackSource}.
 */
public final class FolderSource implements ImageSource {

	private static final Set<String> EXTENSIONS = Set.of("png", "tif", "tiff",
		"jpg", "jpeg", "bmp", "gif");

	private final Path folder;
	private final List<Path> files;

	public FolderSource(Path folder) {
		if (!Files.isDirectory(folder)) throw new IllegalArgumentException(folder +
			": is not a folder of images.");
		try (Stream<Path> list = Files.list(folder)) {
			files = list.filter(Files::isRegularFile).filter(
				FolderSource::isImageFile).sorted().toList();
		}
		catch (IOException e) {
			throw new IllegalArgumentException(folder + ": cannot list the folder (" +
				e.getMessage() + ").", e);
		}
		if (files.isEmpty()) throw new IllegalArgumentException(folder +
			": holds no images (looked for " + String.join(", ", EXTENSIONS.stream()
				.sorted().toList()) + "). Choose the folder that holds your images.");
		this.folder = folder;
	}

	static boolean isImageFile(Path file) {
		String name = file.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return dot > 0 && !name.startsWith(".") && EXTENSIONS.contains(name
			.substring(dot + 1).toLowerCase(Locale.ROOT));
	}

	@Override
	public int size() {
		return files.size();
	}

	@Override
	public SourceImage get(int index) {
		Path file = files.get(index);
		ImagePlus image = ImageFiles.open(file);
		if (image.getNSlices() * image.getNFrames() != 1)
			throw new IllegalArgumentException(file + ": holds " + image
				.getStackSize() / image.getNChannels() +
				" images; a folder source reads one image per file. " +
				"Open the stack in Fiji and run the command on it instead.");
		SourceImage single = new StackSource(image).get(0);
		return new SourceImage(file.getFileName().toString(), single.channels());
	}

	@Override
	public String describe() {
		return "folder " + folder + " (" + files.size() + " images)";
	}

	public List<Path> files() {
		return files;
	}
}
