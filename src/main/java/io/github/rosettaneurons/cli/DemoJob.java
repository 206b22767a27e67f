
package io.github.rosettaneurons.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.data.FolderSource;
import io.github.rosettaneurons.data.Numbers;
import io.github.rosettaneurons.dissect.DissectOptions;
import io.github.rosettaneurons.dissect.DissectRun;
import io.github.rosettaneurons.dissect.LayerResult;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.Folders;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelPackage;
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
 * The README's main job on the sample zoo (v2 unless told otherwise): every
 * model on the sample images (DemoActivations), then Rosetta Neurons mined
 * between the generator and the trained models, Network Dissection of the
 * trained CNN's last layer and of its random control's, spectral grouping with
 * the trained CNN, the "what" and "where" pathways of the trained and random
 * ViTs, and the validity table (DemoValidity) of whether each method works.
 * rosetta/ holds the mining outputs, dissect/ the dissections, spectral/ one
 * grouping per image, pathways/ pathways.csv and pictures; validity.csv the
 * table. Each stage prints how long it took.
 */
final class DemoJob {

	static final Set<String> KEYS = keys();
	private static final int MINING_SAMPLES = 256;
	private static final int PATHWAY_IMAGES = 6;

	private final Path zoo;
	private final Path images;
	private final Path concepts;
	private final Path out;
	private final boolean overwrite;
	private final DemoModels models;
	private final DemoValidity validity;

	DemoJob(Arguments arguments) {
		zoo = Paths.get(arguments.get("zoo", "sample-data/v2/zoo"));
		images = Paths.get(arguments.get("images", "sample-data/v2/images"));
		concepts = Paths.get(arguments.get("concepts", zoo.resolveSibling(
			"concepts").toString()));
		out = Paths.get(arguments.get("out", "rosetta-demo"));
		overwrite = arguments.flag("overwrite");
		models = new DemoModels(arguments);
		validity = new DemoValidity(zoo, concepts, Paths.get(arguments.get(
			"describe", zoo.resolveSibling("describe").toString())), models);
	}

	private static Set<String> keys() {
		Set<String> keys = new HashSet<>(List.of("zoo", "images", "concepts",
			"describe", "out"));
		keys.addAll(DemoModels.KEYS);
		return Set.copyOf(keys);
	}

	int run() {
		List<Path> packages = packages();
		prepareOutput();
		System.out.println("Sample zoo " + zoo + ": " + packages.size() +
			" models; device: " + DjlEnvironment.describe());
		FolderSource source = new FolderSource(images);
		long start = System.nanoTime();
		stage("activations", () -> new DemoActivations(source, out).run(packages));
		stage("rosetta", this::mineRosettaNeurons);
		List<LayerResult> dissections = new ArrayList<>();
		stage("dissect", () -> dissections.addAll(dissect()));
		stage("spectral", () -> group(source));
		stage("pathways", this::comparePathways);
		stage("validity", () -> measureValidity(dissections));
		System.out.println(Numbers.format("Demo done in %.1f s; results in ",
			(System.nanoTime() - start) / 1e9) + out.toAbsolutePath());
		return 0;
	}

	/** Runs one stage and prints how long it took. */
	private static void stage(String name, Runnable work) {
		long start = System.nanoTime();
		work.run();
		System.out.println(Numbers.format("[stage %s: %.1f s]", name, (System
			.nanoTime() - start) / 1e9));
	}

	/**
	 * The headline: units shared by the generator and the trained models, with
	 * pictures (docs/rosetta.md).
	 */
	private void mineRosettaNeurons() {
		List<Path> others = models.mined().stream().map(zoo::resolve).toList();
		try (MiningSetup setup = MiningSetup.open(zoo.resolve(models.generator()),
			others))
		{
			// the reference's rule for a zoo: strict mutual buddies across three
			// models are rare
			RosettaMiner miner = setup.miner(null, 0, MINING_SAMPLES, -1,
				MiningOptions.defaults().withBatchSize(32).withRule(
					BuddyRule.RELAXED_TOP_N));
			System.out.println("Mining Rosetta neurons: " + models.generator() +
				" x " + String.join(",", models.mined()) + " on " + miner.images()
					.describe());
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
	 * Network Dissection of the last layer of the trained CNN and of its random
	 * control over the concept set, in the batch's layout (dissect/<model>/) that
	 * the Unit Browser reads labels from (docs/dissect.md); nothing when the zoo
	 * lacks them (a user's zoo).
	 */
	private List<LayerResult> dissect() {
		if (!validity.has(models.cnn(), models.cnnControl())) return List.of();
		List<LayerResult> layers = new ArrayList<>();
		for (String name : List.of(models.cnn(), models.cnnControl()))
			layers.add(dissect(name));
		validity.dissection(layers.get(0), layers.get(1));
		return layers;
	}

	private LayerResult dissect(String name) {
		ModelPackage modelPackage = ModelPackage.open(zoo.resolve(name));
		List<LayerSpec> layers = modelPackage.manifest().layers();
		String last = layers.get(layers.size() - 1).name();
		try (Network network = modelPackage.load()) {
			System.out.println("Dissecting " + name + " " + last + " over " +
				concepts);
			DissectRun.Outputs outputs = DissectRun.run(network, BrodenDataset.open(
				concepts), DissectOptions.defaults().withLayers(last), out.resolve(
					"dissect").resolve(name), new RosettaCli.ConsoleProgress());
			System.out.println(outputs.summary());
			return outputs.layers().get(0);
		}
		catch (IOException e) {
			throw new IllegalArgumentException(out.resolve("dissect") +
				": cannot write (" + e.getMessage() + ").", e);
		}
	}

	/**
	 * Spectral grouping of every sample image from all layers of the trained CNN,
	 * in spectral/<image>/.
	 */
	private void group(FolderSource source) {
		Path model = zoo.resolve(models.cnn());
		if (!Files.isDirectory(model)) return;
		ModelPackage modelPackage = ModelPackage.open(model);
		System.out.println("Spectral grouping of " + source.describe() + " from " +
			models.cnn());
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
		List<String> vits = List.of(models.vit(), models.vitControl());
		if (!validity.has(vits.toArray(String[]::new))) return;
		PathwayBenchmark.ObjectTruth truth = PathwayBenchmark.ObjectTruth.read(
			concepts, PATHWAY_IMAGES);
		System.out.println("Where vs what pathways of " + String.join(", ", vits) +
			" on " + PATHWAY_IMAGES + " concept images");
		List<PathwayBenchmark.Row> rows = new ArrayList<>();
		for (String name : vits)
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

	/**
	 * The validity rows beyond the dissection's, each where the zoo has the
	 * models it needs; then validity.csv and the table.
	 */
	private void measureValidity(List<LayerResult> dissections) {
		if (!dissections.isEmpty() && validity.has(models.vit())) validity.rosetta(
			dissections.get(0), dissections.get(1));
		if (validity.has(models.cnn(), models.cnnControl())) validity.spectral(
			SpectralSettings.defaults());
		if (!dissections.isEmpty()) validity.describe(dissections.get(0));
		if (validity.has(models.generator(), models.cnn())) validity.inversion(out
			.resolve("rosetta").resolve("dictionary.csv"));
		validity.write(out.resolve("validity.csv"));
		System.out.print(
			"Validity (trained models against random-init controls):\n" + validity
				.table());
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

	static void write(Path file, String text) {
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
