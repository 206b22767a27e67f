
package io.github.rosettaneurons.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

/**
 * A concept set in the Broden format of Network Dissection (see
 * docs/dissect.md): {@code index.csv}, {@code label.csv}, {@code category.csv},
 * {@code c_<category>.csv}, and under {@code images/} the images and their RGB
 * mask PNGs whose label number is R + 256·G.
 * <p>
 * {@link #open} streams and checks every CSV and fails with all bad rows listed
 * as file:line; images and masks are read only on request, one image at a time,
 * so sets of any size stay out of memory. Rows of index.csv without any label
 * in the chosen categories are left out, as in the reference.
 */
public final class BrodenDataset {

	private static final List<String> INDEX_COLUMNS = List.of("image", "split",
		"ih", "iw", "sh", "sw");

	private final Path folder;
	private final List<String> categories;
	private final TreeMap<Integer, ConceptLabel> labels;
	private final List<BrodenImage> images;
	/** By label number, whether label.csv has it: decoding checks every pixel. */
	private final boolean[] known;

	private BrodenDataset(Path folder, List<String> categories,
		TreeMap<Integer, ConceptLabel> labels, List<BrodenImage> images)
	{
		this.folder = folder;
		this.categories = List.copyOf(categories);
		this.labels = labels;
		this.images = List.copyOf(images);
		known = new boolean[labels.isEmpty() ? 1 : labels.lastKey() + 1];
		for (int number : labels.keySet())
			if (number >= 0) known[number] = true;
	}

	/** The set in {@code folder} with all its categories. */
	public static BrodenDataset open(Path folder) {
		return open(folder, List.of());
	}

	/**
	 * The set in {@code folder} restricted to {@code categories} (empty: all of
	 * category.csv that index.csv has, in category.csv's order).
	 *
	 * @throws BrodenFormatException listing every bad file and line
	 */
	public static BrodenDataset open(Path folder, List<String> categories) {
		if (!Files.isDirectory(folder)) throw new BrodenFormatException(folder +
			": is not a folder. Choose the " +
			"concept set's folder, the one that holds index.csv.");
		List<String> problems = new ArrayList<>();
		List<String> known = new ArrayList<>();
		CsvTable.read(folder.resolve("category.csv"), List.of("name"), problems,
			row -> known.add(row.text("name")));
		Map<Integer, String[]> names = new TreeMap<>();
		Map<Integer, int[]> counts = new HashMap<>();
		CsvTable.read(folder.resolve("label.csv"), List.of("number", "name",
			"frequency", "coverage"), problems, row -> {
				int number = row.integer("number");
				if (number < 1) throw new IllegalArgumentException("label number " +
					number + " must be at least 1");
				if (names.containsKey(number)) throw new IllegalArgumentException(
					"label number " + number + " repeated");
				names.put(number, new String[] { row.text("name"), row.text(
					"coverage") });
				counts.put(number, new int[] { row.integer("frequency") });
				row.number("coverage");
			});
		Path index = folder.resolve("index.csv");
		List<String> header = CsvTable.header(index);
		List<String> chosen = chooseCategories(categories, known, header, index,
			problems);
		Map<Integer, String> primary = primaryCategories(folder, chosen, names
			.keySet(), problems);
		TreeMap<Integer, ConceptLabel> labels = new TreeMap<>();
		names.forEach((number, nameAndCoverage) -> labels.put(number,
			new ConceptLabel(number, nameAndCoverage[0], primary.get(number), counts
				.get(number)[0], Double.parseDouble(nameAndCoverage[1]))));
		List<BrodenImage> images = new ArrayList<>();
		if (problems.isEmpty()) CsvTable.read(index, INDEX_COLUMNS, problems,
			row -> {
				BrodenImage image = indexRow(row, chosen, labels);
				if (image.hasAnyLabel()) images.add(image);
			});
		if (problems.isEmpty() && images.isEmpty()) problems.add(index +
			": no image has labels in " + chosen);
		if (!problems.isEmpty()) throw new BrodenFormatException(problems);
		return new BrodenDataset(folder, chosen, labels, images);
	}

	private static List<String> chooseCategories(List<String> requested,
		List<String> known, List<String> header, Path index, List<String> problems)
	{
		List<String> available = known.stream().filter(header::contains).toList();
		if (requested.isEmpty()) return available;
		for (String category : requested)
			if (!available.contains(category)) problems.add(index +
				":1: no category '" + category + "' (the set has " + String.join(", ",
					available) + ")");
		return available.stream().filter(requested::contains).toList();
	}

	/**
	 * Per label, the chosen category with the largest coverage in
	 * c_&lt;category&gt;.csv; ties to the later one.
	 */
	private static Map<Integer, String> primaryCategories(Path folder,
		List<String> categories, Set<Integer> numbers, List<String> problems)
	{
		Map<Integer, String> primary = new HashMap<>();
		Map<Integer, Double> best = new HashMap<>();
		for (String category : categories) {
			Path file = folder.resolve("c_" + category + ".csv");
			CsvTable.read(file, List.of("number", "coverage"), problems, row -> {
				int number = row.integer("number");
				if (!numbers.contains(number)) throw new IllegalArgumentException(
					"label " + number + " is not in label.csv");
				double coverage = row.number("coverage");
				if (!best.containsKey(number) || coverage >= best.get(number)) {
					best.put(number, coverage);
					primary.put(number, category);
				}
			});
		}
		return primary;
	}

	private static BrodenImage indexRow(CsvTable.Row row, List<String> categories,
		Map<Integer, ConceptLabel> labels)
	{
		String image = row.text("image");
		if (image.isEmpty()) throw new IllegalArgumentException("empty image path");
		int[] sizes = new int[4];
		for (int i = 0; i < 4; i++) {
			sizes[i] = row.integer(INDEX_COLUMNS.get(i + 2));
			if (sizes[i] < 1) throw new IllegalArgumentException(INDEX_COLUMNS.get(i +
				2) + " must be positive");
		}
		Map<String, List<String>> cells = new LinkedHashMap<>();
		for (String category : categories) {
			List<String> entries = Arrays.stream(row.text(category).split(";")).map(
				String::trim).filter(entry -> !entry.isEmpty()).toList();
			for (String entry : entries)
				if (isNumber(entry)) {
					int number = Integer.parseInt(entry);
					if (number != 0 && !labels.containsKey(number))
						throw new IllegalArgumentException(category + " label " + number +
							" is not in label.csv");
				}
			cells.put(category, entries);
		}
		return new BrodenImage(row.line, image, row.text("split"), sizes[0],
			sizes[1], sizes[2], sizes[3], cells);
	}

	private static boolean isNumber(String entry) {
		return entry.chars().allMatch(Character::isDigit);
	}

	/** The image of row {@code index}, read afresh. */
	public SourceImage readImage(int index) {
		BrodenImage row = images.get(index);
		ImagePlus image = openFile(row, row.image());
		SourceImage single = new StackSource(image).get(0);
		return new SourceImage(row.image(), single.channels());
	}

	/**
	 * The ground truth of row {@code index}: a cell of label numbers gives
	 * image-level labels; otherwise each entry is a mask PNG (or a number that
	 * fills a whole layer).
	 *
	 * @throws BrodenFormatException when a mask is missing, has the wrong size or
	 *           a label not in label.csv
	 */
	public ConceptMasks readMasks(int index) {
		BrodenImage row = images.get(index);
		List<ConceptMasks.Layer> layers = new ArrayList<>();
		List<ConceptMasks.ImageLabel> imageLabels = new ArrayList<>();
		row.cells().forEach((category, entries) -> {
			boolean imageLevel = entries.stream().allMatch(BrodenDataset::isNumber);
			for (String entry : entries) {
				if (imageLevel) imageLabels.add(new ConceptMasks.ImageLabel(category,
					Integer.parseInt(entry)));
				else if (isNumber(entry)) {
					int[] whole = new int[row.maskWidth() * row.maskHeight()];
					Arrays.fill(whole, Integer.parseInt(entry));
					layers.add(new ConceptMasks.Layer(category, whole));
				}
				else layers.add(new ConceptMasks.Layer(category, decodeMask(row,
					entry)));
			}
		});
		return new ConceptMasks(row.maskWidth(), row.maskHeight(), layers,
			imageLabels);
	}

	private int[] decodeMask(BrodenImage row, String file) {
		ImageProcessor plane = openFile(row, file).getProcessor();
		if (plane.getBitDepth() != 24 && plane.getBitDepth() != 8)
			throw new BrodenFormatException(where(row) + "mask " + file + " is " +
				plane.getBitDepth() + "-bit; Broden masks are RGB (label = R + 256 G)");
		if (plane.getWidth() != row.maskWidth() || plane.getHeight() != row
			.maskHeight()) throw new BrodenFormatException(where(row) + "mask " +
				file + " is " + plane.getWidth() + "x" + plane.getHeight() +
				", index.csv says sw x sh = " + row.maskWidth() + "x" + row
					.maskHeight());
		ColorProcessor rgb = plane instanceof ColorProcessor
			? (ColorProcessor) plane : (ColorProcessor) plane.convertToRGB();
		int[] pixels = (int[]) rgb.getPixels();
		int[] labels = new int[pixels.length];
		for (int p = 0; p < pixels.length; p++) {
			int label = ((pixels[p] >> 16) & 0xff) + 256 * ((pixels[p] >> 8) & 0xff);
			if (label != 0 && (label >= known.length || !known[label]))
				throw new BrodenFormatException(where(row) + "mask " + file +
					" has label " + label + " (pixel " + p % rgb.getWidth() + "," + p /
						rgb.getWidth() + "), which is not in label.csv");
			labels[p] = label;
		}
		return labels;
	}

	private ImagePlus openFile(BrodenImage row, String relative) {
		Path file = folder.resolve("images").resolve(relative);
		if (!Files.isRegularFile(file)) throw new BrodenFormatException(where(row) +
			file + " is missing");
		ImagePlus image = IJ.openImage(file.toString());
		if (image == null) throw new BrodenFormatException(where(row) + file +
			" cannot be read by ImageJ");
		return image;
	}

	private String where(BrodenImage row) {
		return folder.resolve("index.csv") + ":" + row.line() + ": ";
	}

	/** The images as an {@link ImageSource}, in index order. */
	public ImageSource images() {
		return new ImageSource() {

			@Override
			public int size() {
				return images.size();
			}

			@Override
			public SourceImage get(int index) {
				return readImage(index);
			}

			@Override
			public String describe() {
				return "concept set " + folder + " (" + images.size() + " images)";
			}
		};
	}

	public Path folder() {
		return folder;
	}

	/** The chosen categories, in category.csv's order. */
	public List<String> categories() {
		return categories;
	}

	/** Every label of label.csv, by number. */
	public List<ConceptLabel> labels() {
		return List.copyOf(labels.values());
	}

	/** The label with {@code number}, or null. */
	public ConceptLabel label(int number) {
		return labels.get(number);
	}

	/** The largest label number. */
	public int maxLabel() {
		return labels.isEmpty() ? 0 : labels.lastKey();
	}

	public int size() {
		return images.size();
	}

	public BrodenImage entry(int index) {
		return images.get(index);
	}
}
