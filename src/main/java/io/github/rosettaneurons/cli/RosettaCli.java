
package io.github.rosettaneurons.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ij.ImagePlus;
import io.github.rosettaneurons.data.ActivationImages;
import io.github.rosettaneurons.data.FolderSource;
import io.github.rosettaneurons.data.Heatmaps;
import io.github.rosettaneurons.data.ImageFiles;
import io.github.rosettaneurons.data.ImagePlusBridge;
import io.github.rosettaneurons.data.ImageSource;
import io.github.rosettaneurons.data.StackSource;
import io.github.rosettaneurons.data.TiffOutput;
import io.github.rosettaneurons.describe.DescribeOptions;
import io.github.rosettaneurons.describe.DescribeSetup;
import io.github.rosettaneurons.dissect.DissectOptions;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;
import io.github.rosettaneurons.invert.GeneratedImageEdit;
import io.github.rosettaneurons.invert.OptimisationOptions;
import io.github.rosettaneurons.rosetta.MiningOptions;
import io.github.rosettaneurons.rosetta.MiningSetup;
import io.github.rosettaneurons.rosetta.MiningShard;
import io.github.rosettaneurons.spectral.SpectralSettings;

/**
 * Headless entry point:
 * {@code java -jar Rosetta_Neurons.jar <command> [options]}. Exit codes: 0
 * done, 1 failed (the message says why), 2 wrong command line.
 */
public final class RosettaCli {

	private static final MiningOptions MINING = MiningOptions.defaults();
	private static final DissectOptions DISSECT = DissectOptions.defaults();
	private static final OptimisationOptions INVERSION = OptimisationOptions
		.inversion();
	private static final DescribeOptions DESCRIBE = DescribeOptions.defaults();
	private static final SpectralSettings SPECTRAL = SpectralSettings.defaults();

	/**
	 * The defaults shown come from the options records and constants the commands
	 * use (DeclarationsAgreeTest).
	 */
	static final String USAGE = String.join("\n",
		"Usage: rosetta <command> [options]",
		"  demo     [--zoo sample-data/v2/zoo] [--images sample-data/v2/images] [--concepts ZOO/../concepts]",
		"           [--describe ZOO/../describe] [--out rosetta-demo] [--overwrite]",
		"           [--anchor scene-generator] [--mine resnet-scenes,vit-scenes,context-encoder]",
		"           [--cnn resnet-scenes] [--cnn-control resnet-scenes-random] [--vit vit-scenes] [--vit-control vit-scenes-random]",
		"           every model of the sample zoo on the sample images (activations, heatmaps, generator samples),",
		"           Rosetta Neurons of the anchor generator against the --mine models, dissection and spectral",
		"           grouping of the CNN, the ViTs' pathways, and validity.csv: each method on trained models against",
		"           the random-init controls",
		"  extract  --model PACKAGE --input FOLDER|IMAGE --out FOLDER [--layers a,b] [--batch " +
			ActivationImages.DEFAULT_BATCH + "]",
		"           activation hyperstacks (units as channels, images as frames), one TIFF per layer",
		"  info     --model PACKAGE    the package's manifest, layers and the device in use",
		"  mine     --anchor PACKAGE --models P1,P2,... --out FOLDER [--samples " +
			MiningSetup.DEFAULT_SAMPLES + " --seed 0 --class " +
			MiningSetup.CYCLE_CLASSES + " | --images FOLDER]",
		"           [--batch " + MINING.batchSize() +
			"] [--rule strict_mutual|relaxed_top_n|mutual_top_k] [--top-n " + MINING
				.topN() + "] [--top-k " + MINING.topK() + "]",
		"           [--min-correlation R] [--min-spatial-share S] [--std global|batch_averaged]",
		"           [--score global_cosine|batch_mean_cosine] [--precision float32|float64] [--examples " +
			MiningSetup.DEFAULT_EXAMPLES + "]",
		"           Rosetta Neurons; shards: --stage stats|scores --range FIRST:END --shard FILE [--stats MERGED]",
		"           and finally --stats MERGED_STATS --scores MERGED_SCORES --out FOLDER",
		"  batch    --input FOLDER --out FOLDER --models P1,P2,... [--steps extract,mine,dissect,spectral,describe]",
		"           [--layers a,b] [--redo] [--part K/N] [--concepts BRODEN_FOLDER] [--words FILE] [--units 0-9]",
		"           [mine, dissect and spectral options]",
		"           (mine: the first model is the anchor; dissect and describe need --concepts)",
		"           every step over the whole folder, resumable: finished items are skipped (recomputed only with",
		"           --redo), batch.log and summary.csv in the output folder, exit code 1 when any item failed;",
		"           --part K/N: job K of N cluster jobs sharing the output folder (docs/batch.md)",
		"  merge-shards --out FILE SHARD SHARD ...   sums shards of one run and stage (ranges must not overlap)",
		"  bench-rosetta --anchor PACKAGE --models P1,... [--images 64] [--size 224] [--batch 8] [--examples 8]",
		"           one pass vs two passes + examples pass: times, correlation GFLOP/s vs the matmul peak; then the",
		"           peak memory of the plain mine command (float32 and float64, a child java -jar with no JVM flag)",
		"  bench-forward --model PACKAGE [--batch 8] [--images 32] [--warmup 2] [--repeats 3] [--threads N]",
		"           [--python /usr/bin/python3]   ms per image of the forward pass (wall and CPU, best round); with",
		"           --python also tools/benchmark_forward.py in alternating rounds, and the ratios",
		"  dissect  --model PACKAGE --concepts BRODEN_FOLDER --out FOLDER [--layers a,b] [--quantile " +
			DISSECT.quantile() + "]",
		"           [--level reference|exact] [--union lite|original] [--categories a,b] [--iou " +
			DISSECT.iouThreshold() + "] [--top " + DISSECT.topImages() +
			"] [--batch " + DISSECT.batchSize() + "]",
		"           Network Dissection: tally.csv per layer, report.html with top-image strips and bar graphs",
		"  bench-dissect --model PACKAGE [--layers L] [--concepts FOLDER | --images 100 --size 224 --mask 112] [--batch 8]",
		"           stage times, units x images/s and peak memory vs the ResNet-50 layer4 targets",
		"  invert   --generator PACKAGE --model PACKAGE --dictionary dictionary.csv --image FILE --out FOLDER",
		"           [--class 0] [--steps " + INVERSION.steps() + "] [--lr " +
			INVERSION.learningRate() + "] [--pixel-weight " + INVERSION
				.pixelWeight() + "] [--reg-weight " + INVERSION.regulariserWeight() +
			"] [--seed " + INVERSION.seed() + "] [--save-every " + INVERSION
				.saveEvery() + "]",
		"           the generator latent whose Rosetta units match what the model sees in the image",
		"  edit     --generator PACKAGE --dictionary dictionary.csv --edit shift|zoom|copy_paste --out FOLDER",
		"           [--amount " + GeneratedImageEdit.DEFAULT_AMOUNT +
			"] [--sample 0] [--second 1] [--class 0] [--steps N] [--lr X]" +
			" [--reg-weight W] [--seed 0]",
		"           [--save-every 0]   a generator sample edited through its Rosetta units' maps",
		"  bench-invert --generator PACKAGE [--dictionary dictionary.csv] [--steps 20] [--class 0]",
		"           time and memory per optimisation step, against a plain forward pass",
		"  describe --model PACKAGE --out FOLDER [--layer L] [--units 0-9,12] [--images FOLDER] [--concepts BRODEN]",
		"           [--captioner PACKAGE] [--encoder PACKAGE] [--words FILE] [--generator PACKAGE] [--top " +
			DESCRIBE.topImages() + "] [--crops " + DESCRIBE.cropsPerImage() + "]",
		"           [--pooling mean|max|cls] [--heatmap min_max|clamped] [--batch " +
			DescribeSetup.DEFAULT_BATCH + "] [--seed 0]",
		"           [--scoring topk_compare|topk_sq_mean|mean|sq_mean|median]",
		"           Describe-and-Dissect: a description per unit (descriptions.csv) and panels of top images and crops",
		"  spectral --model PACKAGE --input FOLDER|IMAGE --out FOLDER [--pathway layers|where|what] [--layers a,b|q|k]",
		"           [--graph knn|cosine]", "           [--eigenvectors " + SPECTRAL
			.channels() + "] [--steps " + SPECTRAL.steps() + "] [--segments " +
			SPECTRAL.segments() + "] [--seed " + SPECTRAL.seed() +
			"] [--learning-rate " + SPECTRAL.learningRate() +
			"] [--dataset --batch 8]",
		"           layer-distributed spectral grouping: eigenvectors, PCA colours and segments per image (TIFFs)",
		"  bench-spectral --model PACKAGE [--layers a,b,c,d] [--sizes 112,224] [--steps 200] [--graph knn] [--repeats 2]",
		"           seconds per image after the forward pass vs image size and number of layers, peak memory",
		"  bench-pathways --models VIT1,VIT2 --concepts FOLDER [--images 16] [--steps 200] [--out pathways.csv]",
		"           where (key-query) vs what (value) eigenvectors: position R2 and object mIoU per pathway and mode");

	static final Set<String> EXTRACT_KEYS = Set.of("model", "input", "out",
		"layers", "batch");

	private RosettaCli() {}

	public static void main(String[] args) {
		System.setProperty("java.awt.headless", "true");
		System.exit(run(args));
	}

	static int run(String[] args) {
		if (args.length == 0) {
			System.err.println(USAGE);
			return 2;
		}
		try {
			switch (args[0]) {
				case "demo":
					return new DemoJob(new Arguments(args, 1, DemoJob.KEYS, Set.of(
						"overwrite"))).run();
				case "extract":
					return extract(new Arguments(args, 1, EXTRACT_KEYS, Set.of()));
				case "info":
					return info(new Arguments(args, 1, Set.of("model"), Set.of()));
				case "mine":
					return new MineJob(new Arguments(args, 1, MineJob.KEYS, Set.of()))
						.run();
				case "batch":
					return new BatchJob(new Arguments(args, 1, BatchJob.KEYS,
						BatchJob.FLAGS)).run();
				case "merge-shards":
					return mergeShards(args);
				case "describe":
					return new DescribeJob(new Arguments(args, 1, DescribeJob.KEYS, Set
						.of())).run();
				case "bench-rosetta": {
					java.util.Set<String> keys = new java.util.HashSet<>(MineJob.KEYS);
					keys.addAll(RosettaBenchmark.KEYS);
					return RosettaBenchmark.run(new Arguments(args, 1, keys, Set.of()));
				}
				case "bench-forward":
					return ForwardBenchmark.run(new Arguments(args, 1,
						ForwardBenchmark.KEYS, Set.of()));
				case "dissect":
					return DissectJob.run(new Arguments(args, 1, DissectJob.KEYS, Set
						.of()));
				case "bench-dissect":
					return DissectBenchmark.run(new Arguments(args, 1,
						DissectBenchmark.KEYS, Set.of()));
				case "invert":
					return InversionJob.invert(new Arguments(args, 1,
						InversionJob.INVERT_KEYS, Set.of()));
				case "edit":
					return InversionJob.edit(new Arguments(args, 1,
						InversionJob.EDIT_KEYS, Set.of()));
				case "bench-invert":
					return InversionBenchmark.run(new Arguments(args, 1,
						InversionBenchmark.KEYS, Set.of()));
				case "spectral":
					return new SpectralJob(new Arguments(args, 1, SpectralJob.KEYS,
						SpectralJob.FLAGS)).run();
				case "bench-spectral":
					return SpectralBenchmark.run(new Arguments(args, 1,
						SpectralBenchmark.KEYS, Set.of()));
				case "bench-pathways":
					return PathwayBenchmark.run(new Arguments(args, 1,
						PathwayBenchmark.KEYS, Set.of()));
				default:
					throw new Arguments.UsageException("Unknown command '" + args[0] +
						"'.");
			}
		}
		catch (Arguments.UsageException e) {
			System.err.println(e.getMessage() + "\n" + USAGE);
			return 2;
		}
		catch (Exception e) {
			System.err.println("Error: " + e.getMessage());
			return 1;
		}
	}

	private static int extract(Arguments arguments) {
		ModelPackage modelPackage = ModelPackage.open(Paths.get(arguments.require(
			"model")));
		ImageSource source = source(Paths.get(arguments.require("input")));
		List<LayerSpec> layers = modelPackage.manifest().layers(arguments.get(
			"layers", ""));
		Path out = Paths.get(arguments.require("out"));
		System.out.println(modelPackage.name() + " on " + source.describe() +
			" with " + DjlEnvironment.describe());
		List<ImagePlus> stacks;
		try (Network network = modelPackage.load()) {
			var maps = ActivationImages.extract(network, source, layers, arguments
				.integer("batch", ActivationImages.DEFAULT_BATCH),
				new ConsoleProgress());
			stacks = ImagePlusBridge.layerStacks(modelPackage.name(), layers, maps,
				Heatmaps.lut(Heatmaps.DEFAULT_LUT));
		}
		for (Path written : TiffOutput.saveAll(out, stacks))
			System.out.println("wrote " + written);
		return 0;
	}

	private static int info(Arguments arguments) {
		ModelPackage modelPackage = ModelPackage.open(Paths.get(arguments.require(
			"model")));
		var manifest = modelPackage.manifest();
		System.out.println(manifest.name() + " (" + manifest.role().name()
			.toLowerCase(Locale.ROOT) + "): " + manifest.description());
		System.out.println("image: " + manifest.channels() + " x " + manifest
			.height() + " x " + manifest.width());
		for (LayerSpec layer : manifest.allLayers())
			System.out.println("layer " + layer.name() + " -> " + layer.output() +
				(layer.tokens() ? " (tokens, " + layer.prefixTokens() + " prefix)"
					: "") + (layer.isProjection() ? " (attention projection " + layer
						.projection() + ")" : ""));
		manifest.forwardOnlyNote().ifPresent(note -> System.out.println("note: " +
			note));
		System.out.println("device: " + DjlEnvironment.describe());
		return 0;
	}

	private static int mergeShards(String[] args) {
		List<Path> shards = new ArrayList<>();
		Path out = null;
		for (int i = 1; i < args.length; i++) {
			if (args[i].equals("--out") && i + 1 < args.length) out = Paths.get(
				args[++i]);
			else if (args[i].startsWith("--")) throw new Arguments.UsageException(
				"Unknown option " + args[i] + ".");
			else shards.add(Paths.get(args[i]));
		}
		if (out == null) throw new Arguments.UsageException("--out is required.");
		List<int[]> ranges = MiningShard.merge(shards, out);
		System.out.println("merged " + shards.size() + " shards covering " + ranges
			.stream().map(r -> r[0] + ".." + (r[1] - 1)).collect(
				java.util.stream.Collectors.joining(", ")) + " into " + out);
		return 0;
	}

	static ImageSource source(Path input) {
		if (Files.isDirectory(input)) return new FolderSource(input);
		return new StackSource(ImageFiles.open(input));
	}

	/** Progress on standard error, one line per report. */
	static final class ConsoleProgress implements Progress {

		@Override
		public void report(long done, long total, String message) {
			System.err.println("[" + done + "/" + total + "] " + message);
		}

		@Override
		public boolean cancelled() {
			return false;
		}
	}
}
