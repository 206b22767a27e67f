
package io.github.rosettaneurons.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileInfo;
import ij.io.TiffDecoder;

/**
 * Opens one image file with ImageJ, refusing first what ImageJ would read
 * wrongly or noisily: a TIFF shorter than its own pixel data (ImageJ pads it
 * with zeros without a word) and a CMYK JPEG (Java's decoder prints a stack
 * trace on stderr before ImageJ gives up).
 */
public final class ImageFiles {

	private ImageFiles() {}

	public static ImagePlus open(Path file) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		if (name.endsWith(".tif") || name.endsWith(".tiff")) requireComplete(file);
		if (name.endsWith(".jpg") || name.endsWith(".jpeg")) requireNotCmyk(file);
		ImagePlus image = IJ.openImage(file.toString());
		if (image == null) throw new IllegalArgumentException(file +
			": ImageJ cannot read this file. " +
			"Convert it to TIFF or PNG, or remove it from the folder.");
		return image;
	}

	/**
	 * Every image's pixel data, as the TIFF's own directories place them, must
	 * lie inside the file.
	 */
	private static void requireComplete(Path file) {
		FileInfo[] images;
		long length;
		try {
			images = new TiffDecoder(file.toAbsolutePath().getParent() + "/", file
				.getFileName().toString()).getTiffInfo();
			length = Files.size(file);
		}
		catch (IOException | RuntimeException e) {
			return; // not a TIFF ImageJ's decoder understands: ImageJ's own reading
							// reports it
		}
		if (images == null) return;
		for (FileInfo image : images) {
			long end = dataEnd(image);
			if (end > length) throw new IllegalArgumentException(file +
				": is truncated (its pixel data end at byte " + end +
				" but the file has " + length +
				" bytes). Copy the file again from its source.");
		}
	}

	private static long dataEnd(FileInfo image) {
		long end = 0;
		if (image.compression <= FileInfo.COMPRESSION_NONE) {
			long bytes = image.fileType == FileInfo.BITMAP ? (image.width + 7L) / 8 *
				image.height : (long) image.width * image.height * image
					.getBytesPerPixel();
			end = image.getOffset() + image.nImages * bytes + (image.nImages - 1L) *
				image.gapBetweenImages;
		}
		if (image.stripOffsets != null && image.stripLengths != null) for (int i =
			0; i < Math.min(image.stripOffsets.length,
				image.stripLengths.length); i++)
			end = Math.max(end, (image.stripOffsets[i] & 0xFFFFFFFFL) +
				image.stripLengths[i]);
		return end;
	}

	/**
	 * A JPEG's frame header (SOF) gives its number of colour components: 4 is
	 * CMYK (or YCCK).
	 */
	private static void requireNotCmyk(Path file) {
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files
			.newInputStream(file))))
		{
			if (in.readUnsignedShort() != 0xFFD8) return; // not a JPEG after all:
																										// ImageJ says so
			while (true) {
				int marker = in.readUnsignedShort();
				if ((marker & 0xFF00) != 0xFF00 || marker == 0xFFD9 || marker == 0xFFDA)
					return; // no frame header
				if (marker >= 0xFFD0 && marker <= 0xFFD7 || marker == 0xFF01) continue; // markers
																																								// without
																																								// a
																																								// length
				int length = in.readUnsignedShort();
				if (marker >= 0xFFC0 && marker <= 0xFFCF && marker != 0xFFC4 &&
					marker != 0xFFC8 && marker != 0xFFCC)
				{
					in.skipNBytes(5); // precision, height, width
					if (in.readUnsignedByte() == 4) throw new IllegalArgumentException(
						file + ": is a CMYK JPEG, which " +
							"ImageJ cannot read. Save it as an RGB image (PNG, TIFF or RGB JPEG), or remove it from the folder.");
					return;
				}
				in.skipNBytes(length - 2L);
			}
		}
		catch (EOFException e) {
			// a damaged JPEG: ImageJ's own reading reports it
		}
		catch (IOException e) {
			throw new IllegalArgumentException(file + ": cannot be read (" + e
				.getMessage() + ").", e);
		}
	}
}
