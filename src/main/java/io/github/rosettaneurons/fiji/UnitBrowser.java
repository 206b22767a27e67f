
package io.github.rosettaneurons.fiji;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;
import ij.process.LUT;
import io.github.rosettaneurons.browse.DissectionLabels;
import io.github.rosettaneurons.browse.RosettaMatches;
import io.github.rosettaneurons.browse.UnitProbe;
import io.github.rosettaneurons.data.Heatmaps;
import io.github.rosettaneurons.rosetta.UnitRef;

/**
 * The Unit Browser's state for one image: a probe of every unit map, what is
 * known about the units (Rosetta matches, dissection labels), and the heatmap
 * of the chosen unit on the image. No windows here; {@link UnitBrowserPlugIn}
 * wires clicks to it.
 */
public final class UnitBrowser {

	public static final String TABLE_TITLE = "Unit Browser";

	private final ImagePlus image;
	private final UnitProbe probe;
	private final RosettaMatches matches;
	private final DissectionLabels labels;
	private final int perModel;
	private final LUT lut;
	private final double opacity;
	private List<UnitProbe.Hit> lastHits = List.of();
	private UnitRef shown;

	public UnitBrowser(ImagePlus image, UnitProbe probe, RosettaMatches matches,
		DissectionLabels labels, int perModel, LUT lut, double opacity)
	{
		this.image = image;
		this.probe = probe;
		this.matches = matches;
		this.labels = labels;
		this.perModel = perModel;
		this.lut = lut;
		this.opacity = opacity;
	}

	/**
	 * The strongest units at pixel (x, y) of the image, one row each, and the
	 * heatmap of the strongest overall.
	 */
	public ResultsTable probe(int x, int y) {
		if (x < 0 || y < 0 || x >= image.getWidth() || y >= image.getHeight())
			throw new IllegalArgumentException("The point (" + x + ", " + y +
				") lies outside the " + image.getWidth() + "×" + image.getHeight() +
				" image.");
		lastHits = probe.strongestAt((x + 0.5) / image.getWidth(), (y + 0.5) / image
			.getHeight(), perModel);
		ResultsTable table = new ResultsTable();
		for (UnitProbe.Hit hit : lastHits) {
			table.incrementCounter();
			table.addValue("x", x);
			table.addValue("y", y);
			table.addValue("model", hit.unit().model());
			table.addValue("layer", hit.unit().layer());
			table.addValue("unit", hit.unit().unit());
			table.addValue("activation", hit.activation());
			table.addValue("z", hit.zScore());
			table.addValue("rosetta", matches.describe(hit.unit()));
			table.addValue("dissection", labels.describe(hit.unit()));
		}
		List<UnitProbe.Hit> strongest = new ArrayList<>(lastHits);
		strongest.sort((a, b) -> Double.compare(b.zScore(), a.zScore()));
		if (!strongest.isEmpty()) show(strongest.get(0).unit());
		return table;
	}

	/** The unit listed in row {@code row} of the last probe's table. */
	public UnitRef unitInRow(int row) {
		if (row < 0 || row >= lastHits.size()) throw new IllegalArgumentException(
			"The table has no row " + row + ".");
		return lastHits.get(row).unit();
	}

	/** Replaces the heatmap on the image by the map of {@code unit}. */
	public void show(UnitRef unit) {
		int[] size = new int[2];
		float[] map = probe.map(unit, size);
		Overlay overlay = image.getOverlay();
		if (overlay != null) overlay.remove(Heatmaps.HEATMAP_NAME);
		Heatmaps.overlay(image, new FloatProcessor(size[1], size[0], map), lut,
			opacity, 0);
		shown = unit;
	}

	/**
	 * The raw map of the unit on display as an ImgLib2 image (x, y) on its
	 * layer's grid; null before any is shown.
	 */
	public Img<FloatType> shownMap() {
		if (shown == null) return null;
		int[] size = new int[2];
		return ArrayImgs.floats(probe.map(shown, size), size[1], size[0]);
	}
}
