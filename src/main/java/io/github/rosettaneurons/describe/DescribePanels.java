
package io.github.rosettaneurons.describe;

import java.awt.Color;
import java.util.List;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import io.github.rosettaneurons.data.Heatmaps;
import io.github.rosettaneurons.data.SourceImage;

/**
 * The picture of one described unit, drawn with ImageProcessor calls only
 * (headless-safe): the top row holds its top-K images with the unit's heatmap
 * and the attention-crop boxes, the bottom row the re-ranked top images
 * (originals and crops) that captioning and image similarity used.
 */
public final class DescribePanels {

	public static final int TILE = 64;
	private static final double OPACITY = 0.5;

	private DescribePanels() {}

	/** width = tiles × {@value #TILE}; height = 2 × {@value #TILE}. */
	public static ColorProcessor panel(NeuronDescription description, int tiles,
		int canvas, LUT lut)
	{
		UnitEvidence evidence = description.evidence();
		ColorProcessor panel = new ColorProcessor(tiles * TILE, 2 * TILE);
		panel.setColor(Color.black);
		panel.fill();
		List<SourceImage> originals = evidence.originals();
		for (int i = 0; i < Math.min(tiles, originals.size()); i++) {
			ImageProcessor tile = tile(originals.get(i));
			if (evidence.maps() != null) tile = withHeatmap(tile, evidence.maps(), i,
				lut);
			tile.setColor(Color.green);
			for (Box box : evidence.crops().get(i))
				tile.drawRect(box.x0() * TILE / canvas, box.y0() * TILE / canvas, Math
					.max(1, box.width() * TILE / canvas), Math.max(1, box.height() *
						TILE / canvas));
			panel.insert(tile, i * TILE, 0);
		}
		List<SourceImage> top = evidence.topImages();
		for (int i = 0; i < Math.min(tiles, top.size()); i++)
			panel.insert(tile(top.get(i)), i * TILE, TILE);
		return panel;
	}

	private static ImageProcessor tile(SourceImage image) {
		ImageProcessor rgb = image.toRgb();
		rgb.setInterpolationMethod(ImageProcessor.BILINEAR);
		return rgb.resize(TILE, TILE);
	}

	private static ImageProcessor withHeatmap(ImageProcessor tile,
		LayerReader.UnitMaps maps, int index, LUT lut)
	{
		ImagePlus canvas = new ImagePlus("tile", tile);
		Heatmaps.overlay(canvas, new FloatProcessor(maps.width(), maps.height(),
			maps.maps()[index].clone()), lut, OPACITY, 0);
		return canvas.flatten().getProcessor();
	}
}
