
package io.github.rosettaneurons.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.LabelBands;
import io.github.rosettaneurons.data.PictureLabels;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Progress;
import io.github.rosettaneurons.spectral.SpectralSettings;

/** bench-pathways' pictures: named columns, each tile over a band. */
class PathwayPicturesTest {

	@TempDir
	Path temp;

	@Test
	void everyTileOfThePathwayPicturesIsLabelled() throws IOException {
		PathwayBenchmark.ObjectTruth truth = PathwayBenchmark.ObjectTruth.read(
			TestZoo.ROOT.resolve("concepts"), 2);
		List<PathwayBenchmark.Row> rows = PathwayBenchmark.measure(ModelPackage
			.open(TestZoo.folder("vit-shapes")), truth, SpectralSettings.defaults()
				.withSteps(10).withSegments(2), 2, Progress.NONE);
		List<Path> written = PathwayBenchmark.pictures(rows, truth, temp, 2);
		assertEquals(List.of(temp.resolve("pathways-vit-shapes-image.png"), temp
			.resolve("pathways-vit-shapes-dataset.png")), written);
		int tile = 2 * truth.images().get(0).width();
		int labelled = tile + PictureLabels.bandHeight(1);
		for (Path png : written) {
			ImagePlus picture = IJ.openImage(png.toString());
			assertEquals(3 * tile + 2 * 2, picture.getWidth(), png +
				": image, where, what");
			assertEquals(PictureLabels.bandHeight(1) + 2 * (2 + labelled), picture
				.getHeight(), png + ": column names, then two images");
			for (int column = 0; column < 3; column++) {
				int x = column * (tile + 2);
				LabelBands.assertBand(picture.getProcessor(), x, 0, tile, 1, png +
					" column " + column + "'s name");
				for (int row = 0; row < 2; row++)
					LabelBands.assertBand(picture.getProcessor(), x, PictureLabels
						.bandHeight(1) + 2 + row * (labelled + 2) + tile, tile, 1, png +
							" tile " + row + "," + column);
			}
		}
	}
}
