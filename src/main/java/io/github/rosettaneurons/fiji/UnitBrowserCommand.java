
package io.github.rosettaneurons.fiji;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.github.rosettaneurons.browse.DissectionLabels;
import io.github.rosettaneurons.browse.RosettaMatches;
import io.github.rosettaneurons.browse.UnitProbe;
import io.github.rosettaneurons.data.Heatmaps;
import io.github.rosettaneurons.data.StackSource;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.rosetta.MiningSetup;

/**
 * Unit Browser: computes every unit map of the given models on the image once;
 * with a point, lists the units that stand out most there in every model (with
 * their Rosetta matches and dissection labels) and overlays the strongest one's
 * heatmap. The ImageJ bridge then keeps the browser open so that each click on
 * the image asks again. With a point, {@code unitMap} is that unit's raw map as
 * an ImgLib2 image with axes (x, y) on its layer's grid.
 */
@Plugin(type = Command.class, headless = true, label = "Unit Browser")
public class UnitBrowserCommand extends RosettaCommand {

	@Parameter(required = false)
	private StatusService status;

	@Parameter(label = "Image")
	private ImagePlus image;

	@Parameter(label = "Models (comma-separated package folders)")
	private String models;

	@Parameter(label = "Dictionary of a mining run (optional)", required = false)
	private File dictionary;

	@Parameter(
		label = "Dissection results folder (optional; <model>/<layer>/tally.csv inside)",
		required = false, style = "directory")
	private File dissection;

	@Parameter(label = "Top units per model", min = "1")
	private int top = 5;

	@Parameter(label = "x of the point (-1: click instead)")
	private int x = -1;

	@Parameter(label = "y of the point (-1: click instead)")
	private int y = -1;

	@Parameter(label = "Opacity of the overlay (0-1)", min = "0", max = "1")
	private double opacity = 0.5;

	@Parameter(label = "LUT", choices = { "fire", "ice", "spectrum", "grays",
		"red", "green", "redgreen" })
	private String lut = Heatmaps.DEFAULT_LUT;

	@Parameter(type = ItemIO.OUTPUT, label = "Browser")
	private UnitBrowser browser;

	@Parameter(type = ItemIO.OUTPUT, label = UnitBrowser.TABLE_TITLE)
	private ResultsTable units;

	@Parameter(type = ItemIO.OUTPUT, label = "Heatmap unit's map (x, y)")
	private Img<FloatType> unitMap;

	@Override
	protected void execute() {
		if (image == null) throw new IllegalArgumentException(
			"The Unit Browser needs an open image.");
		if (top < 1) throw new IllegalArgumentException(
			"Units per model must be at least 1, not " + top + ".");
		List<ModelPackage> packages = new ArrayList<>();
		for (Path location : MiningSetup.paths(models))
			packages.add(ModelPackage.open(location));
		if (packages.isEmpty()) throw new IllegalArgumentException(
			"Give at least one model package.");
		RosettaMatches matches = dictionary == null ? RosettaMatches.NONE
			: RosettaMatches.read(dictionary.toPath());
		// the image on display: its current slice and frame
		int shown = (image.getZ() - 1) + (image.getT() - 1) * image.getNSlices();
		UnitProbe probe = UnitProbe.of(new StackSource(image).get(shown), packages,
			new CommandProgress(status, this));
		DissectionLabels labels = dissection == null ? DissectionLabels.NONE
			: DissectionLabels.read(dissection.toPath());
		browser = new UnitBrowser(image, probe, matches, labels, top, Heatmaps.lut(
			lut), opacity);
		if (x >= 0 || y >= 0) {
			units = browser.probe(x, y);
			unitMap = browser.shownMap();
		}
	}

	public UnitBrowser browser() {
		return browser;
	}

	public ResultsTable units() {
		return units;
	}

	public Img<FloatType> unitMap() {
		return unitMap;
	}
}
