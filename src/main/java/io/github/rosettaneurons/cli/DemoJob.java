
package io.github.rosettaneurons.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.plugin.MontageMaker;
import ij.process.FloatProcessor;
import ij.process.LUT;
import io.github.rosettaneurons.data.ActivationImages;
import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.data.FolderSource;
import io.github.rosettaneurons.data.GeneratorSource;
import io.github.rosettaneurons.data.Heatmaps;
import io.github.rosettaneurons.data.ImagePlusBridge;
import io.github.rosettaneurons.data.Numbers;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.data.TiffOutput;
import io.github.rosettaneurons.dissect.DissectOptions;
import io.github.rosettaneurons.dissect.DissectRun;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.Folders;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.ModelRole;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;
import io.github.rosettaneurons.rosetta.BuddyRule;
import io.github.rosettaneurons.rosetta.MiningOptions;
import io.github.rosettaneurons.rosetta.MiningSetup;
import io.github.rosettaneurons.rosetta.RosettaMiner;
import io.github.rosettaneurons.rosetta.RosettaRun;
import io.github.rosettaneurons.spectral.GraphLayer;
import io.github.rosettaneurons.spectral.SpectralGrouper;
import io.github.rosettaneurons.spectral.SpectralSettings;

/**
 * The README's main job: every model of the sample zoo on the sample images,
 * then Rosetta Neurons mined between the world generator and the trained
 * models, Network Dissection and spectral grouping with the trained ResNet.
 * Image models give one activation hyperstack per layer and a heatmap of their
 * most active last-layer unit over the first image; generators give a montage
 * of seeded samples; a summary table (summary.csv) lists what was computed and
 * how long it took; rosetta/ holds the mining outputs, dissect/ the dissection,
 * spectral/ one grouping per image and pathways/ the "what" and "where"
 * measurement of the trained and random ViTs (pathways.csv and pictures).
 */
final class DemoJob {

	private static final int GENERATOR_SAMPLES = 16;
	private static final String DEFAULT_ANCHOR = "world-generator";
	private static final String DEFAULT_MINED =
		"resnet-shapes,vit-shapes,autoencoder-encoder";
	private static final int MINING_SAMPLES = 256;
	private static final String RESNET = "resnet-shapes";
	private static final String RESNET_DISSECTED_LAYERS = "layer3,layer4";
	private static final List<String> VITS = List.of("vit-shapes",
		"vit-shapes-random");
	private static final int PATHWAY_IMAGES = 6;

	private final Path zoo;
	private final Path images;
	private final Path out;
	private final boolean overwrite;
	private final String anchor;
	private final String mined;
	private final List<String> summary = new ArrayList<>(List.of(
		"model,role,layer,units,height,width,images,seconds"));

	DemoJob(Arguments arguments) {
		zoo = Paths.get(arguments.get("zoo", "sample-data/zoo"));
		images = Paths.get(arguments.get("images", "sample-data/images"));
		out = Paths.get(arguments.get("out", "rosetta-demo"));
		overwrite = arguments.flag("overwrite");
		anchor = arguments.get("anchor", DEFAULT_ANCHOR);
		mined = arguments.get("mine", DEFAULT_MINED);
	}

	int run() {
		List<Path> packages = packages();
		prepareOutput();
		System.out.println("Sample zoo: " + packages.size() + " models; device: " +
			DjlEnvironment.describe());
		FolderSource source = new FolderSource(images);
		for (Path folder : packages) {
			ModelPackage modelPackage = ModelPackage.open(folder);
			Path modelOut = out.resolve(modelPackage.name());
			long start = System.nanoTime();
			try (Network network = modelPackage.load()) {
				if (modelPackage.manifest().role() == ModelRole.GENERATOR) samples(
					network, modelOut);
				else activations(network, source, modelOut, start);
			}
		}
		write(out.resolve("summary.csv"), String.join("\n", summary) + "\n");
		mineRosettaNeurons();
		dissect();
		group(source);
		comparePathways();
		System.out.println("Results in " + out.toAbsolutePath());
		return 0;
	}

	/**
	 * The headline: units shared by the generator and the trained models, with
	 * pictures (docs/rosetta.md).
	 */
	private void mineRosettaNeurons() {
		List<Path> others = new ArrayList<>();
		for (String name : mined.split(","))
			if (!name.isBlank()) others.add(zoo.resolve(name.trim()));
		try (MiningSetup setup = MiningSetup.open(zoo.resolve(anchor), others)) {
			// the reference's rule for a zoo: strict mutual buddies across three
			// models are rare on a world this small
			RosettaMiner miner = setup.miner(null, 0, MINING_SAMPLES, -1,
				MiningOptions.defaults().withBatchSize(32).withRule(
					BuddyRule.RELAXED_TOP_N));
			System.out.println("Mining Rosetta neurons: " + anchor + " x " + mined +
				" on " + miner.images().describe());
			RosettaRun.Outputs outputs = RosettaRun.finish(miner, out.resolve(
				"rosetta"), null, null, 8, new RosettaCli.ConsoleProgress());
			System.out.println(outputs.summary());
		}
		catch (IOException e) {
			throw new IllegalArgumentException(out.resolve("rosetta") +
				": cannot write (" + e.getMessage() + ").", e);
		}
	}

	/**
	 * Network Dissection of the trained ResNet's deepest layers over the sample
	 * concept set, in the batch's layout (dissect/<model>/) that the Unit Browser
	 * reads labels from (docs/dissect.md).
	 */
	private void dissect() {
		Path concepts = zoo.resolveSibling("concepts");
		Path model = zoo.resolve(RESNET);
		if (!Files.isDirectory(concepts) || !Files.isDirectory(model)) return; // a
																																						// user's
																																						// zoo
																																						// without
																																						// them
		try (Network network = ModelPackage.open(model).load()) {
			System.out.println("Dissecting " + RESNET + " " +
				RESNET_DISSECTED_LAYERS + " over " + concepts);
			DissectRun.Outputs outputs = DissectRun.run(network, BrodenDataset.open(
				concepts), DissectOptions.defaults().withLayers(
					RESNET_DISSECTED_LAYERS), out.resolve("dissect").resolve(RESNET),
				new RosettaCli.ConsoleProgress());
			System.out.println(outputs.summary());
		}
		catch (IOException e) {
			throw new IllegalArgumentException(out.resolve("dissect") +
				": cannot write (" + e.getMessage() + ").", e);
		}
	}

	/**
	 * Spectral grouping of every sample image from all layers of the trained
	 * ResNet, in spectral/<image>/.
	 */
	private void group(FolderSource source) {
		Path model = zoo.resolve(RESNET);
		if (!Files.isDirectory(model)) return;
		ModelPackage modelPackage = ModelPackage.open(model);
		System.out.println("Spectral grouping of " + source.describe() + " from " +
			RESNET);
		try (Network network = modelPackage.load()) {
			SpectralGrouper grouper = new SpectralGrouper(network, GraphLayer.parse(
				modelPackage.manifest(), ""), SpectralSettings.defaults());
			for (int i = 0; i < source.size(); i++)
				SpectralStep.write(out.resolve("spectral").resolve(BatchJob.stem(source
					.files().get(i))), grouper.group(source.get(i), Progress.NONE));
		}
	}

	/**
	 * Key-query ("where") against value ("what") eigenvectors of the trained and
	 * random ViTs (docs/spectral.md).
	 */
	private void comparePathways() {
		Path concepts = zoo.resolveSibling("concepts");
		if (!Files.isDirectory(concepts) || VITS.stream().anyMatch(name -> !Files
			.isDirectory(zoo.resolve(name)))) return;
		PathwayBenchmark.ObjectTruth truth = PathwayBenchmark.ObjectTruth.read(
			concepts, PATHWAY_IMAGES);
		System.out.println("Where vs what pathways of " + String.join(", ", VITS) +
			" on " + PATHWAY_IMAGES + " concept images");
		List<PathwayBenchmark.Row> rows = new ArrayList<>();
		for (String name : VITS)
			rows.addAll(PathwayBenchmark.measure(ModelPackage.open(zoo.resolve(name)),
				truth, SpectralSettings.defaults(), 8, Progress.NONE));
		System.out.println(PathwayBenchmark.report(rows));
		try {
			PathwayBenchmark.write(out.resolve("pathways").resolve("pathways.csv"),
				rows);
			PathwayBenchmark.pictures(rows, truth, out.resolve("pathways"),
				PATHWAY_IMAGES);
		}
		catch (IOException e) {
			throw new IllegalArgumentException(out.resolve("pathways") +
				": cannot write (" + e.getMessage() + ").", e);
		}
	}

	private List<Path> packages() {
		try (Stream<Path> list = Files.list(zoo)) {
			List<Path> found = list.filter(p -> Files.isRegularFile(p.resolve(
				"rdf.yaml"))).sorted().toList();
			if (found.isEmpty()) throw new IllegalArgumentException(zoo +
				": holds no model packages (folders with rdf.yaml).");
			return found;
		}
		catch (IOException e) {
			throw new IllegalArgumentException(zoo + ": cannot list the zoo (" + e
				.getMessage() + ").", e);
		}
	}

	private void prepareOutput() {
		if (Files.exists(out) && !overwrite) throw new IllegalArgumentException(out
			.toAbsolutePath() +
			": exists already. Pass --overwrite to replace it, or --out for another folder.");
		if (Files.exists(out)) {
			try {
				Folders.deleteTree(out, false);
			}
			catch (IOException e) {
				throw new IllegalArgumentException(out + ": cannot clear it (" + e
					.getMessage() + ").", e);
			}
		}
	}

	private void activations(Network network, FolderSource source, Path modelOut,
		long start)
	{
		List<LayerSpec> layers = network.manifest().layers();
		Map<String, ArrayImg<FloatType, FloatArray>> maps = ActivationImages
			.extract(network, source, layers, 8, new RosettaCli.ConsoleProgress());
		double seconds = (System.nanoTime() - start) / 1e9;
		LUT fire = Heatmaps.lut(Heatmaps.DEFAULT_LUT);
		List<ImagePlus> stacks = new ArrayList<>();
		for (LayerSpec layer : layers) {
			ArrayImg<FloatType, FloatArray> layerMaps = maps.get(layer.output());
			stacks.add(ImagePlusBridge.toHyperstack(layer.name(), layerMaps, fire));
			summary.add(String.join(",", network.name(), network.manifest().role()
				.name().toLowerCase(Locale.ROOT), layer.name(), "" + layerMaps
					.dimension(2), "" + layerMaps.dimension(1), "" + layerMaps.dimension(
						0), "" + source.size(), Numbers.format("%.3f", seconds)));
		}
		TiffOutput.saveAll(modelOut, stacks);
		LayerSpec last = layers.get(layers.size() - 1);
		heatmap(maps.get(last.output()), source.files().get(0), modelOut.resolve(
			"heatmap-" + last.name() + ".png"), fire);
		System.out.println(network.name() + ": " + layers.size() + " layers over " +
			source.size() + " images in " + Numbers.format("%.2f s", seconds));
	}

	/**
	 * The unit with the largest mean activation on the first image, overlaid on
	 * it and flattened to PNG.
	 */
	private static void heatmap(ArrayImg<FloatType, FloatArray> maps,
		Path imageFile, Path png, LUT lut)
	{
		int plane = (int) (maps.dimension(0) * maps.dimension(1));
		int units = (int) maps.dimension(2);
		float[] data = maps.update(null).getCurrentStorageArray();
		int best = 0;
		double bestMean = Double.NEGATIVE_INFINITY;
		for (int unit = 0; unit < units; unit++) {
			double sum = 0;
			for (int i = unit * plane; i < (unit + 1) * plane; i++)
				sum += data[i];
			if (sum / plane > bestMean) {
				bestMean = sum / plane;
				best = unit;
			}
		}
		ImagePlus image = IJ.openImage(imageFile.toString());
		float[] map = Arrays.copyOfRange(data, best * plane, (best + 1) * plane);
		Heatmaps.overlay(image, new FloatProcessor((int) maps.dimension(0),
			(int) maps.dimension(1), map), lut, 0.5, 0);
		ImagePlus flat = image.flatten();
		flat.setTitle("unit " + best);
		new FileSaver(flat).saveAsPng(png.toString());
	}

	private void samples(Network generator, Path modelOut) {
		GeneratorSource samples = new GeneratorSource(generator, 0,
			GENERATOR_SAMPLES, -1);
		ImageStack stack = null;
		for (int i = 0; i < samples.size(); i++) {
			SourceImage sample = samples.get(i);
			if (stack == null) stack = new ImageStack(sample.width(), sample
				.height());
			stack.addSlice(sample.name(), sample.toRgb());
		}
		ImagePlus montage = new MontageMaker().makeMontage2(new ImagePlus("samples",
			stack), 4, 4, 2, 1, stack.getSize(), 1, 0, false);
		try {
			Files.createDirectories(modelOut);
		}
		catch (IOException e) {
			throw new IllegalArgumentException(modelOut + ": cannot create (" + e
				.getMessage() + ").", e);
		}
		new FileSaver(montage).saveAsPng(modelOut.resolve("samples.png")
			.toString());
		summary.add(String.join(",", generator.name(), "generator", "image", "" +
			generator.manifest().channels(), "" + stack.getHeight(), "" + stack
				.getWidth(), "" + samples.size(), ""));
		System.out.println(generator.name() + ": " + samples.size() +
			" samples (seed 0)");
	}

	private static void write(Path file, String text) {
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, text, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new IllegalArgumentException(file + ": cannot write (" + e
				.getMessage() + ").", e);
		}
	}
}
