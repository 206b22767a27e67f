
package io.github.rosettaneurons.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import io.github.rosettaneurons.data.Numbers;

/**
 * A Broden-format concept set of synthetic images for benchmarks, written to
 * disk so that a benchmark pays for mask decoding as a real run does. Per
 * image: a colour mask (8 labels from the thresholded RGB channels, every
 * pixel), three seeded discs with object labels (30) and their rims as part
 * labels (10), and one image-level texture label (10) — about 50 labels in a
 * batch of 8, a few per image as in Broden.
 */
final class SyntheticConcepts {

	static final int COLOURS = 8;
	static final int OBJECTS = 30;
	static final int PARTS = 10;
	static final int TEXTURES = 10;

	private SyntheticConcepts() {}

	static void write(Path folder, int count, int size, int maskSize, long seed)
		throws IOException
	{
		Path images = Files.createDirectories(folder.resolve("images/synthetic"));
		SyntheticImages pictures = new SyntheticImages(count, size, seed);
		StringBuilder index = new StringBuilder(
			"image,split,ih,iw,sh,sw,color,object,part,texture\n");
		for (int i = 0; i < count; i++) {
			ColorProcessor rgb = pictures.get(i).toRgb();
			String base = Numbers.format("synthetic/%05d", i);
			save(rgb, images.resolve(Numbers.format("%05d.png", i)));
			Random random = new Random(seed * 7_919L + i);
			int[] colour = new int[maskSize * maskSize];
			int[] object = new int[maskSize * maskSize];
			int[] part = new int[maskSize * maskSize];
			for (int y = 0; y < maskSize; y++)
				for (int x = 0; x < maskSize; x++) {
					int pixel = rgb.get(x * size / maskSize, y * size / maskSize);
					colour[y * maskSize + x] = 1 + ((pixel >> 23) & 1) + 2 *
						((pixel >> 15) & 1) + 4 * ((pixel >> 7) & 1);
				}
			for (int disc = 0; disc < 3; disc++) {
				int label = 1 + COLOURS + random.nextInt(OBJECTS);
				int rim = 1 + COLOURS + OBJECTS + (label - COLOURS - 1) % PARTS;
				double cx = random.nextDouble() * maskSize, cy = random.nextDouble() *
					maskSize;
				double radius = maskSize * (0.08 + 0.2 * random.nextDouble());
				for (int y = 0; y < maskSize; y++)
					for (int x = 0; x < maskSize; x++) {
						double distance = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
						if (distance < radius) object[y * maskSize + x] = label;
						if (distance < radius && distance > 0.7 * radius) part[y *
							maskSize + x] = rim;
					}
			}
			saveLabels(colour, maskSize, images.resolve(Numbers.format(
				"%05d_color.png", i)));
			saveLabels(object, maskSize, images.resolve(Numbers.format(
				"%05d_object.png", i)));
			saveLabels(part, maskSize, images.resolve(Numbers.format("%05d_part.png",
				i)));
			int texture = 1 + COLOURS + OBJECTS + PARTS + random.nextInt(TEXTURES);
			index.append(base).append(".png,train,").append(size).append(',').append(
				size).append(',').append(maskSize).append(',').append(maskSize).append(
					',').append(base).append("_color.png,").append(base).append(
						"_object.png,").append(base).append("_part.png,").append(texture)
				.append('\n');
		}
		Files.writeString(folder.resolve("index.csv"), index,
			StandardCharsets.UTF_8);
		writeLabels(folder);
	}

	private static void writeLabels(Path folder) throws IOException {
		String[] categories = { "color", "object", "part", "texture" };
		int[] sizes = { COLOURS, OBJECTS, PARTS, TEXTURES };
		StringBuilder labels = new StringBuilder(
			"number,name,category,frequency,coverage,syns\n");
		StringBuilder categoryRows = new StringBuilder(
			"name,first,last,count,frequency\n");
		int number = 1;
		for (int c = 0; c < categories.length; c++) {
			StringBuilder codes = new StringBuilder(
				"code,number,name,frequency,coverage\n");
			categoryRows.append(categories[c]).append(',').append(number).append(',')
				.append(number + sizes[c] - 1).append(',').append(sizes[c]).append(
					",1\n");
			for (int code = 1; code <= sizes[c]; code++, number++) {
				String name = categories[c] + code + (c == 0 ? "-c" : "");
				labels.append(number).append(',').append(name).append(',').append(
					categories[c]).append("(1),1,1.0,\n");
				codes.append(code).append(',').append(number).append(',').append(name)
					.append(",1,1.0\n");
			}
			Files.writeString(folder.resolve("c_" + categories[c] + ".csv"), codes,
				StandardCharsets.UTF_8);
		}
		Files.writeString(folder.resolve("label.csv"), labels,
			StandardCharsets.UTF_8);
		Files.writeString(folder.resolve("category.csv"), categoryRows,
			StandardCharsets.UTF_8);
	}

	/** Labels as Broden's RGB encoding: R = label mod 256, G = label / 256. */
	private static void saveLabels(int[] labels, int size, Path file)
		throws IOException
	{
		ColorProcessor mask = new ColorProcessor(size, size);
		for (int p = 0; p < labels.length; p++)
			mask.set(p, ((labels[p] & 0xff) << 16) | ((labels[p] >> 8 & 0xff) << 8));
		save(mask, file);
	}

	private static void save(ColorProcessor picture, Path file)
		throws IOException
	{
		if (!new FileSaver(new ImagePlus(file.getFileName().toString(), picture))
			.saveAsPng(file.toString())) throw new IOException(file +
				": cannot be written");
	}
}
