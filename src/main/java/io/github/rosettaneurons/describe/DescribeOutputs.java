
package io.github.rosettaneurons.describe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import io.github.rosettaneurons.data.Heatmaps;
import io.github.rosettaneurons.data.TiffOutput;
import io.github.rosettaneurons.engine.Folders;
import io.github.rosettaneurons.engine.Progress;

/**
 * A whole Describe Neurons run and what it produces, shared by the Fiji command
 * and the command line: one ResultsTable row per unit (unit, description,
 * score, labels 2 and 3, candidates, backend) and one panel slice per unit, and
 * the units' maps on their top images; optionally saved as descriptions.csv and
 * panels.tif into a new or empty folder (removed again on failure or cancel, so
 * no partial output is left).
 */
public final class DescribeOutputs {

	public static final String TABLE_TITLE = "Neuron descriptions";

	/**
	 * @param maps each unit's raw maps on its top images, best first, as an
	 *          ImgLib2 image with axes (x, y, top image, unit) on the layer's
	 *          grid, units in the table's order (NaN where a unit has fewer top
	 *          images); null for a layer without spatial maps
	 */
	public record Outputs(ResultsTable table, ImagePlus panels,
		Img<FloatType> maps)
	{}

	private DescribeOutputs() {}

	public static Outputs run(DescribeSetup setup, DescribeOptions options,
		String title, Path output, Progress progress) throws IOException
	{
		boolean created = output != null && Folders.createEmpty(output);
		try {
			ResultsTable table = new ResultsTable();
			ImageStack panels = new ImageStack(DescribePanels.TILE * options
				.topImages(), 2 * DescribePanels.TILE);
			List<LayerReader.UnitMaps> maps = new ArrayList<>();
			setup.describer().describe(setup.units(), progress, description -> {
				table.incrementCounter();
				table.addValue("unit", description.unit());
				table.addValue("description", description.description());
				table.addValue("score", description.score());
				List<ConceptScores.Scored> labels = description.labels();
				for (int i = 1; i < options.labels(); i++) {
					table.addValue("label " + (i + 1), i < labels.size() ? labels.get(i)
						.concept() : "");
					table.addValue("score " + (i + 1), i < labels.size() ? labels.get(i)
						.score() : Double.NaN);
				}
				table.addValue("candidates", String.join("; ", description
					.candidates()));
				table.addValue("backend", description.backend());
				panels.addSlice("unit " + description.unit() + ": " + description
					.description(), DescribePanels.panel(description, options.topImages(),
						options.canvas(), Heatmaps.lut(Heatmaps.DEFAULT_LUT)));
				maps.add(description.evidence().maps());
			});
			ImagePlus picture = new ImagePlus(title, panels);
			if (output != null) {
				table.save(output.resolve("descriptions.csv").toString());
				TiffOutput.saveAll(output, List.of(picture));
			}
			return new Outputs(table, picture, mapsImage(maps));
		}
		catch (RuntimeException e) {
			if (output != null) Folders.deleteTree(output, !created);
			throw e;
		}
	}

	private static Img<FloatType> mapsImage(List<LayerReader.UnitMaps> units) {
		if (units.isEmpty() || units.get(0) == null) return null;
		int plane = units.get(0).width() * units.get(0).height();
		int images = units.stream().mapToInt(unit -> unit.maps().length).max()
			.getAsInt();
		float[] data = new float[plane * images * units.size()];
		Arrays.fill(data, Float.NaN);
		for (int u = 0; u < units.size(); u++) {
			float[][] maps = units.get(u).maps();
			for (int i = 0; i < maps.length; i++)
				System.arraycopy(maps[i], 0, data, (u * images + i) * plane, plane);
		}
		return ArrayImgs.floats(data, units.get(0).width(), units.get(0).height(),
			images, units.size());
	}
}
