package io.github.rosettaneurons.cli;

import io.github.rosettaneurons.data.ActivationImages;
import io.github.rosettaneurons.data.FolderSource;
import io.github.rosettaneurons.data.ImageSource;
import io.github.rosettaneurons.data.StackSource;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;
import io.github.rosettaneurons.fiji.Heatmaps;
import io.github.rosettaneurons.fiji.ImagePlusBridge;
import io.github.rosettaneurons.fiji.TiffOutput;
import ij.IJ;
import ij.ImagePlus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Headless entry point: {@code java -jar Rosetta_Neurons.jar <command> [options]}. Exit codes: 0 done,
 * 1 failed (the message says why), 2 wrong command line.
 */
public final class RosettaCli {

	private static final String USAGE = String.join("\n",
		"Usage: rosetta <command> [options]",
		"  demo     [--zoo sample-data/zoo] [--images sample-data/images] [--out rosetta-demo] [--overwrite]",
		"           runs every model of the sample zoo on the sample images and writes activations and heatmaps",
		"  extract  --model PACKAGE --input FOLDER|IMAGE --out FOLDER [--layers a,b] [--batch 8]",
		"           activation hyperstacks (units as channels, images as frames), one TIFF per layer",
		"  info     --model PACKAGE    the package's manifest, layers and the device in use");

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
				case "demo": return new DemoJob(new Arguments(args, 1, Set.of("zoo", "images", "out"), Set.of("overwrite"))).run();
				case "extract": return extract(new Arguments(args, 1, Set.of("model", "input", "out", "layers", "batch"), Set.of()));
				case "info": return info(new Arguments(args, 1, Set.of("model"), Set.of()));
				default: throw new Arguments.UsageException("Unknown command '" + args[0] + "'.");
			}
		}
		catch (Arguments.UsageException e) {
			System.err.println(e.getMessage() + "\n" + USAGE);
			return 2;
		}
		catch (RuntimeException e) {
			System.err.println("Error: " + e.getMessage());
			return 1;
		}
	}

	private static int extract(Arguments arguments) {
		ModelPackage modelPackage = ModelPackage.open(Paths.get(arguments.require("model")));
		ImageSource source = source(Paths.get(arguments.require("input")));
		List<LayerSpec> layers = modelPackage.manifest().layers(arguments.get("layers", ""));
		Path out = Paths.get(arguments.require("out"));
		System.out.println(modelPackage.name() + " on " + source.describe() + " with " + DjlEnvironment.describe());
		List<ImagePlus> stacks = new ArrayList<>();
		try (Network network = modelPackage.load()) {
			var maps = ActivationImages.extract(network, source, layers, arguments.integer("batch", 8), new ConsoleProgress());
			for (LayerSpec layer : layers) stacks.add(ImagePlusBridge.toHyperstack(modelPackage.name() + " " + layer.name(),
				maps.get(layer.output()), Heatmaps.lut(Heatmaps.DEFAULT_LUT)));
		}
		for (Path written : TiffOutput.saveAll(out, stacks)) System.out.println("wrote " + written);
		return 0;
	}

	private static int info(Arguments arguments) {
		ModelPackage modelPackage = ModelPackage.open(Paths.get(arguments.require("model")));
		var manifest = modelPackage.manifest();
		System.out.println(manifest.name() + " (" + manifest.role().name().toLowerCase() + "): " + manifest.description());
		System.out.println("image: " + manifest.channels() + " x " + manifest.height() + " x " + manifest.width());
		for (LayerSpec layer : manifest.layers()) System.out.println("layer " + layer.name() + " -> " + layer.output() +
			(layer.tokens() ? " (tokens, " + layer.prefixTokens() + " prefix)" : ""));
		System.out.println("device: " + DjlEnvironment.describe());
		return 0;
	}

	static ImageSource source(Path input) {
		if (Files.isDirectory(input)) return new FolderSource(input);
		ImagePlus image = IJ.openImage(input.toString());
		if (image == null) throw new IllegalArgumentException(input + ": ImageJ cannot read this image.");
		return new StackSource(image);
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
