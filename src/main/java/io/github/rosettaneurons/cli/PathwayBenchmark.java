
package io.github.rosettaneurons.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.data.ConceptMasks;
import io.github.rosettaneurons.data.ImageSource;
import io.github.rosettaneurons.data.PictureLabels;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;
import io.github.rosettaneurons.spectral.DatasetGrouper;
import io.github.rosettaneurons.spectral.GraphLayer;
import io.github.rosettaneurons.spectral.ImageGrouping;
import io.github.rosettaneurons.spectral.Pathway;
import io.github.rosettaneurons.spectral.PathwayScores;
import io.github.rosettaneurons.spectral.SpectralGrouper;
import io.github.rosettaneurons.spectral.SpectralPictures;
import io.github.rosettaneurons.spectral.SpectralSettings;

/**
 * {@code bench-pathways}: the "what" and "where" finding measured. For each
 * transformer package, each pathway (every block's key-query graphs, every
 * block's value graphs, and the block outputs' own graphs for reference) and
 * each mode (per image, and dataset mode over all images together): R² of the
 * grid cells' x and y regressed on the eigenvectors, and oracle-decoded mIoU of
 * the segments against the concept set's object masks, object against
 * background and per object class (docs/spectral.md). Prints the table and
 * whether the finding holds; writes a CSV.
 */
final class PathwayBenchmark {

	static final Set<String> KEYS = Set.of("models", "concepts", "images",
		"steps", "eigenvectors", "segments", "seed", "batch", "learning-rate",
		"graph", "out", "pictures", "picture-images");
	private static final int PICTURE_SCALE = 2;
	private static final int PICTURE_GAP = 2;
	static final List<Pathway> PATHWAYS = List.of(Pathway.WHERE, Pathway.WHAT,
		Pathway.LAYERS);
	static final String HEADER =
		"model,pathway,mode,graphs,images,r2_x,r2_y,r2_position,r2_chance," +
			"miou_object_background,miou_objects,seconds";

	/** One pathway of one model in one mode, with its groupings for pictures. */
	record Row(String model, Pathway pathway, boolean dataset, int graphs, int images, double r2x, double r2y,
		double objectBackground, double objects, double seconds, List<ImageGrouping> groupings)
	{
		double position() {
			return (r2x + r2y) / 2;
		}

		/** The R² that K random eigenvectors reach on average: K / (cells − 1), cells per regression. */
		double chance() {
			ImageGrouping first = groupings.get(0);
			long cells = (long) first.gridWidth() * first.gridHeight() * (dataset ? groupings.size() : 1);
			return (double) first.channels() / (cells - 1);
		}

		String mode() {
			return dataset ? "dataset" : "image";
		}

		String csv() {
			return String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%.4f,%.4f,%.4f,%.4f,%.4f,%.4f,%.1f", model, pathway.label(),
				mode(), graphs, images, r2x, r2y, position(), chance(), objectBackground, objects, seconds);
		}
	}

	/** The concept images with, per pixel, 0 for background or 1 + the index of its object label. */
	record ObjectTruth(List<SourceImage> images, List<int[]> classes, int classCount) {

		static ObjectTruth read(Path concepts, int count) {
			BrodenDataset dataset = BrodenDataset.open(concepts, List.of("object"));
			List<SourceImage> images = new ArrayList<>();
			List<int[]> masks = new ArrayList<>();
			java.util.TreeSet<Integer> objects = new java.util.TreeSet<>();
			for (int i = 0; i < Math.min(count, dataset.size()); i++) {
				int[] mask = null;
				for (ConceptMasks.Layer layer : dataset.readMasks(i).layers()) mask = layer.labels();
				if (mask == null) continue; // an image without an object mask
				for (int label : mask) if (label != 0) objects.add(label);
				images.add(dataset.readImage(i));
				masks.add(mask);
			}
			if (objects.isEmpty()) throw new IllegalArgumentException(concepts + ": has no object masks among its first " +
				count + " images; bench-pathways needs a concept set with category 'object' (e.g. sample-data/concepts).");
			List<Integer> order = new ArrayList<>(objects);
			List<int[]> classes = new ArrayList<>();
			for (int[] mask : masks) {
				int[] truth = new int[mask.length];
				for (int p = 0; p < truth.length; p++) truth[p] = mask[p] == 0 ? 0 : 1 + order.indexOf(mask[p]);
				classes.add(truth);
			}
			return new ObjectTruth(images, classes, order.size() + 1);
		}

		ImageSource source() {
			return ImageSource.of(images, images.size() + " concept images");
		}
	}

	private PathwayBenchmark() {}

	static int run(Arguments arguments) throws IOException {
		Path out = Paths.get(arguments.get("out", "pathways.csv"));
		if (Files.exists(out)) throw new IllegalArgumentException(out +
			": exists already; nothing was run. Choose " + "another --out file.");
		ObjectTruth truth = ObjectTruth.read(Paths.get(arguments.require(
			"concepts")), arguments.integer("images", 16));
		SpectralSettings settings = SpectralJob.settings(arguments, "steps");
		System.out.println("device: " + DjlEnvironment.describe() + "; " + truth
			.images().size() + " concept images, K " + settings.channels() +
			", steps " + settings.steps() + ", graph " + settings.graph().name()
				.toLowerCase(Locale.ROOT));
		List<Row> rows = new ArrayList<>();
		for (String model : arguments.require("models").split(",")) {
			if (model.isBlank()) continue;
			rows.addAll(measure(ModelPackage.open(Paths.get(model.trim())), truth,
				settings, arguments.integer("batch", 8),
				new RosettaCli.ConsoleProgress()));
		}
		System.out.println(report(rows));
		write(out, rows);
		System.out.println("wrote " + out);
		String pictures = arguments.get("pictures", "");
		if (!pictures.isBlank()) for (Path png : pictures(rows, truth, Paths.get(
			pictures), arguments.integer("picture-images", 4)))
			System.out.println("wrote " + png);
		return 0;
	}

	/**
	 * Per model and mode, pathways-&lt;model&gt;-&lt;mode&gt;.png: under a row
	 * naming the columns, one row per image (the first {@code count}) with the
	 * image, the where pathway's PCA colours and the what pathway's, side by
	 * side, scaled up {@value #PICTURE_SCALE}×, each over a band with the image's
	 * name or the grouping's k.
	 */
	static List<Path> pictures(List<Row> rows, ObjectTruth truth, Path folder,
		int count) throws IOException
	{
		List<Path> written = new ArrayList<>();
		Files.createDirectories(folder);
		for (Row where : rows) {
			if (where.pathway() != Pathway.WHERE) continue;
			Row what = rows.stream().filter(r -> r.pathway() == Pathway.WHAT && r
				.model().equals(where.model()) && r.dataset() == where.dataset())
				.findFirst().orElseThrow();
			int shown = Math.min(count, where.groupings().size());
			int width = truth.images().get(0).width() * PICTURE_SCALE;
			List<List<ColorProcessor>> grid = new ArrayList<>(List.of(List.of(
				PictureLabels.band(width, "image"), PictureLabels.band(width,
					"where: key-query"), PictureLabels.band(width, "what: value"))));
			for (int i = 0; i < shown; i++) {
				SourceImage image = truth.images().get(i);
				List<ColorProcessor> row = new ArrayList<>(List.of(PictureLabels.below(
					scaled(image.toRgb()), image.name())));
				for (Row pathway : List.of(where, what)) {
					ImageGrouping grouping = pathway.groupings().get(i);
					row.add(PictureLabels.below(scaled(SpectralPictures.colours("", List
						.of(grouping)).getProcessor()), SpectralPictures.segmentsLabel(
							grouping)));
				}
				grid.add(row);
			}
			Path png = folder.resolve("pathways-" + where.model() + "-" + where
				.mode() + ".png");
			if (!new FileSaver(new ImagePlus("pathways", PictureLabels.grid(grid,
				PICTURE_GAP))).saveAsPng(png.toString())) throw new IOException(png +
					": cannot be written");
			written.add(png);
		}
		return written;
	}

	private static ImageProcessor scaled(ImageProcessor picture) {
		picture.setInterpolationMethod(ImageProcessor.BILINEAR);
		return picture.resize(picture.getWidth() * PICTURE_SCALE, picture
			.getHeight() * PICTURE_SCALE);
	}

	/** Every pathway of one transformer package in both modes. */
	static List<Row> measure(ModelPackage modelPackage, ObjectTruth truth,
		SpectralSettings settings, int batch, Progress progress)
	{
		List<Row> rows = new ArrayList<>();
		try (Network network = modelPackage.load()) {
			for (Pathway pathway : PATHWAYS) {
				List<GraphLayer> layers = GraphLayer.of(modelPackage.manifest(),
					pathway, "");
				SpectralGrouper grouper = new SpectralGrouper(network, layers,
					settings);
				for (boolean dataset : new boolean[] { false, true }) {
					long start = System.nanoTime();
					List<ImageGrouping> groupings = new ArrayList<>();
					if (dataset) groupings.addAll(new DatasetGrouper(grouper, batch)
						.group(truth.source(), progress));
					else for (SourceImage image : truth.images())
						groupings.add(grouper.group(image, Progress.NONE));
					double seconds = (System.nanoTime() - start) / 1e9;
					double[] r2 = PathwayScores.positionR2(groupings, dataset);
					List<int[]> binary = truth.classes().stream().map(
						PathwayBenchmark::objectOrBackground).toList();
					Row row = new Row(modelPackage.name(), pathway, dataset, layers
						.size(), groupings.size(), r2[0], r2[1], PathwayScores.meanIou(
							groupings, binary, 2, dataset), PathwayScores.meanIou(groupings,
								truth.classes(), truth.classCount(), dataset), seconds,
						groupings);
					System.out.println(row.csv());
					rows.add(row);
				}
			}
		}
		return rows;
	}

	static int[] objectOrBackground(int[] classes) {
		int[] binary = new int[classes.length];
		for (int i = 0; i < classes.length; i++)
			binary[i] = classes[i] > 0 ? 1 : 0;
		return binary;
	}

	/**
	 * The table and, per model and mode, whether key-query scores higher on
	 * position and value higher on objects.
	 */
	static String report(List<Row> rows) {
		StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
			"%-20s %-8s %-8s %6s %7s %7s %7s %7s%n", "model", "pathway", "mode",
			"graphs", "R2 pos", "chance", "mIoU ob", "mIoU cl"));
		for (Row row : rows)
			text.append(String.format(Locale.ROOT,
				"%-20s %-8s %-8s %6d %7.3f %7.3f %7.3f %7.3f%n", row.model(), row
					.pathway().label(), row.mode(), row.graphs(), row.position(), row
						.chance(), row.objectBackground(), row.objects()));
		for (Row where : rows) {
			if (where.pathway() != Pathway.WHERE) continue;
			for (Row what : rows) {
				if (what.pathway() != Pathway.WHAT || !what.model().equals(where
					.model()) || what.dataset() != where.dataset()) continue;
				text.append(String.format(Locale.ROOT,
					"%s, %s mode: position R2 where %.3f vs what %.3f (%s); object mIoU " +
						"what %.3f vs where %.3f, per object %.3f vs %.3f (%s)%n", where
							.model(), where.mode(), where.position(), what.position(), where
								.position() > what.position() ? "where higher: holds"
									: "does not hold", what.objectBackground(), where
										.objectBackground(), what.objects(), where.objects(), what
											.objects() > where.objects() ? "what higher: holds"
												: "does not hold"));
			}
		}
		return text.toString();
	}

	static void write(Path out, List<Row> rows) throws IOException {
		StringBuilder csv = new StringBuilder(HEADER).append('\n');
		for (Row row : rows)
			csv.append(row.csv()).append('\n');
		if (out.getParent() != null) Files.createDirectories(out.getParent());
		Files.writeString(out, csv.toString());
	}
}
