
package io.github.rosettaneurons.invert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Plot;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;
import io.github.rosettaneurons.data.SourceImage;

/**
 * What an inversion or edit shows: the result as RGB, the trajectory as an RGB
 * stack (one slice per saved step), the loss curve as a plot image and the
 * losses as a table; and saving them all-or-nothing to a folder.
 */
public final class InversionOutputs {

	public static final String LOSS_TABLE_TITLE = "Inversion losses";

	private final ImagePlus result;
	private final ImagePlus trajectory;
	private final ImagePlus plot;
	private final ResultsTable losses;

	public InversionOutputs(String title, LatentOptimiser.Result optimised) {
		result = new ImagePlus(title, optimised.image().toRgb());
		trajectory = trajectory(title + " trajectory", optimised.trajectory(),
			optimised.savedSteps());
		losses = table(optimised.steps());
		plot = plot(title + " loss", optimised.steps());
	}

	/**
	 * Frames (x, y, channel, frame) in [0, 1] as an RGB stack labelled "step N".
	 */
	static ImagePlus trajectory(String title,
		ArrayImg<FloatType, FloatArray> frames, List<Integer> steps)
	{
		int width = (int) frames.dimension(0);
		int height = (int) frames.dimension(1);
		int channels = (int) frames.dimension(2);
		int plane = width * height;
		float[] data = frames.update(null).getCurrentStorageArray();
		ImageStack stack = new ImageStack(width, height);
		for (int frame = 0; frame < steps.size(); frame++) {
			List<FloatProcessor> planes = new ArrayList<>();
			for (int c = 0; c < channels; c++) {
				int from = (frame * channels + c) * plane;
				planes.add(new FloatProcessor(width, height, Arrays.copyOfRange(data,
					from, from + plane)));
			}
			stack.addSlice("step " + steps.get(frame), new SourceImage("step", planes)
				.toRgb());
		}
		return new ImagePlus(title, stack);
	}

	static ResultsTable table(List<LatentOptimiser.Step> steps) {
		ResultsTable table = new ResultsTable();
		for (LatentOptimiser.Step step : steps) {
			table.incrementCounter();
			table.addValue("step", step.step());
			table.addValue("learning_rate", step.learningRate());
			table.addValue("loss", step.loss());
			table.addValue("activation_loss", step.activationLoss());
			table.addValue("pixel_loss", step.pixelLoss());
			table.addValue("regulariser_loss", step.regulariserLoss());
		}
		return table;
	}

	/**
	 * The loss against the step, drawn by ij.gui.Plot (which works headless) into
	 * an image.
	 */
	static ImagePlus plot(String title, List<LatentOptimiser.Step> steps) {
		double[] x = steps.stream().mapToDouble(LatentOptimiser.Step::step)
			.toArray();
		double[] loss = steps.stream().mapToDouble(LatentOptimiser.Step::loss)
			.toArray();
		double[] activation = steps.stream().mapToDouble(
			LatentOptimiser.Step::activationLoss).toArray();
		Plot plot = new Plot(title, "step", "loss");
		plot.setColor(java.awt.Color.BLUE);
		plot.add("line", x, loss);
		plot.setColor(java.awt.Color.RED);
		plot.add("line", x, activation);
		plot.setLegend("total\tactivation (−Σ cosine)", Plot.AUTO_POSITION);
		plot.setLimitsToFit(false);
		return plot.getImagePlus();
	}

	/** The files {@link #save} always writes, besides its extra PNGs. */
	public static final List<String> FILES = List.of("result.png", "loss.png",
		"trajectory.tif", "losses.csv");

	/**
	 * Refuses a folder that holds any of {@code names} (checked before long work,
	 * and again when saving).
	 */
	public static void requireFree(Path folder,
		java.util.Collection<String> names)
	{
		for (String name : names)
			if (Files.exists(folder.resolve(name)))
				throw new IllegalArgumentException(folder.resolve(name) +
					": exists already; nothing was written. Choose another output folder.");
	}

	/**
	 * Saves result.png, trajectory.tif, loss.png and losses.csv (plus
	 * {@code extra} PNGs) into {@code folder}, which must not hold any of them;
	 * written under temporary names first, so a failure leaves nothing.
	 */
	public List<Path> save(Path folder, Map<String, ImagePlus> extra) {
		Map<String, ImagePlus> pngs = new LinkedHashMap<>(extra);
		pngs.put("result.png", result);
		pngs.put("loss.png", plot);
		List<String> names = new ArrayList<>(pngs.keySet());
		names.add("trajectory.tif");
		names.add("losses.csv");
		requireFree(folder, names);
		List<Path> temporary = new ArrayList<>();
		try {
			Files.createDirectories(folder);
			for (var png : pngs.entrySet()) {
				Path part = folder.resolve(".part." + png.getKey());
				temporary.add(part);
				if (!new FileSaver(png.getValue()).saveAsPng(part.toString()))
					throw new IOException("cannot write " + part);
			}
			Path tif = folder.resolve(".part.trajectory.tif");
			temporary.add(tif);
			if (!new FileSaver(trajectory).saveAsTiffStack(tif.toString()))
				throw new IOException("cannot write " + tif);
			Path csv = folder.resolve(".part.losses.csv"); // the extension picks
																											// commas
			temporary.add(csv);
			if (!losses.save(csv.toString())) throw new IOException("cannot write " +
				csv);
			List<Path> written = new ArrayList<>();
			for (int i = 0; i < names.size(); i++) {
				Path target = folder.resolve(names.get(i));
				Files.move(temporary.get(i), target, StandardCopyOption.ATOMIC_MOVE);
				written.add(target);
			}
			return written;
		}
		catch (IOException e) {
			for (Path path : temporary)
				path.toFile().delete();
			throw new IllegalArgumentException(folder + ": cannot save results (" + e
				.getMessage() + "); nothing was " +
				"written. Choose a writable folder.", e);
		}
	}

	public ImagePlus result() {
		return result;
	}

	public ImagePlus trajectory() {
		return trajectory;
	}

	public ImagePlus plot() {
		return plot;
	}

	public ResultsTable losses() {
		return losses;
	}
}
