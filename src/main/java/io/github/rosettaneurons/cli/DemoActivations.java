
package io.github.rosettaneurons.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
import io.github.rosettaneurons.data.FolderSource;
import io.github.rosettaneurons.data.GeneratorSource;
import io.github.rosettaneurons.data.Heatmaps;
import io.github.rosettaneurons.data.ImagePlusBridge;
import io.github.rosettaneurons.data.Numbers;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.data.TiffOutput;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.ModelRole;
import io.github.rosettaneurons.engine.Network;

/**
 * The demo's first stage: every package of the zoo on the sample images. Image
 * models give one activation hyperstack per layer and a heatmap of their most
 * active last-layer unit over the first image; generators give a montage of
 * seeded samples; summary.csv lists what was computed and how long it took.
 */
final class DemoActivations {

	private static final int GENERATOR_SAMPLES = 16;

	private final FolderSource source;
	private final Path out;
	private final List<String> summary = new ArrayList<>(List.of(
		"model,role,layer,units,height,width,images,seconds"));

	DemoActivations(FolderSource source, Path out) {
		this.source = source;
		this.out = out;
	}

	/** Every package of {@code packages}, then summary.csv. */
	void run(List<Path> packages) {
		for (Path folder : packages) {
			ModelPackage modelPackage = ModelPackage.open(folder);
			Path modelOut = out.resolve(modelPackage.name());
			long start = System.nanoTime();
			try (Network network = modelPackage.load()) {
				if (modelPackage.manifest().role() == ModelRole.GENERATOR) samples(
					network, modelOut);
				else activations(network, modelOut, start);
			}
		}
		DemoJob.write(out.resolve("summary.csv"), String.join("\n", summary) +
			"\n");
	}

	private void activations(Network network, Path modelOut, long start) {
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
}
