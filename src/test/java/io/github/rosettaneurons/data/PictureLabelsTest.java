
package io.github.rosettaneurons.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

/** Label bands drawn headless: where the text goes, and that it fits. */
class PictureLabelsTest {

	@Test
	void aBandHasOneLineOfTextPerEntryWhereItWasWritten() {
		ColorProcessor band = PictureLabels.band(96, "k = 3", "");
		assertEquals(96, band.getWidth());
		assertEquals(2 * PictureLabels.LINE_HEIGHT, band.getHeight());
		LabelBands.assertBand(band, 0, 0, 96, 1, "the first line");
		assertEquals(0, LabelBands.ink(band, 0, PictureLabels.LINE_HEIGHT, 96,
			PictureLabels.LINE_HEIGHT), "an empty second line");
		int textWidth = band.getStringWidth("k = 3");
		assertTrue(textWidth < 60, "a short label at 10 pt: " + textWidth);
		assertEquals(0, LabelBands.ink(band, textWidth + 4, 0, 96 - textWidth - 4,
			PictureLabels.LINE_HEIGHT), "left-aligned: nothing right of the text");
	}

	@Test
	void aLineTooLongIsCutInsideTheBand() {
		String name = "resnet-scenes-random layer4 unit 127 and more words";
		ColorProcessor band = PictureLabels.band(64, name);
		LabelBands.assertBand(band, 0, 0, 64, 1, "a long name");
		assertEquals(0, LabelBands.ink(band, 62, 0, 2, PictureLabels.LINE_HEIGHT),
			"the margin stays clear");
		assertTrue(band.getStringWidth(name) > 64, "the name was too wide");
	}

	@Test
	void aPictureWithABandBelowKeepsEveryPixel() {
		ColorProcessor picture = new ColorProcessor(64, 48);
		picture.setColor(new java.awt.Color(200, 30, 40));
		picture.fill();
		ImageProcessor labelled = PictureLabels.below(picture, "unit 12",
			"IoU 0.250");
		assertEquals(64, labelled.getWidth());
		assertEquals(48 + PictureLabels.bandHeight(2), labelled.getHeight());
		labelled.setRoi(0, 0, 64, 48);
		assertArrayEquals((int[]) picture.getPixels(), (int[]) labelled.crop()
			.getPixels());
		LabelBands.assertBand(labelled, 0, 48, 64, 2, "the band");
	}

	@Test
	void aGridPlacesRowsOfPicturesGapApart() {
		ColorProcessor small = new ColorProcessor(10, 5);
		ColorProcessor tall = new ColorProcessor(10, 8);
		ColorProcessor grid = PictureLabels.grid(List.of(List.of(small, tall), List
			.of(small)), 2);
		assertEquals(22, grid.getWidth());
		assertEquals(8 + 2 + 5, grid.getHeight());
		assertEquals(0, grid.getPixel(0, 0) & 0xffffff, "a black picture");
		assertEquals(0xffffff, grid.getPixel(10, 0) & 0xffffff, "a white gap");
		assertEquals(0, grid.getPixel(12, 7) & 0xffffff, "the tall picture");
		assertEquals(0xffffff, grid.getPixel(0, 9) & 0xffffff,
			"the gap between rows");
		assertEquals(0, grid.getPixel(0, 10) & 0xffffff, "the second row");
		assertEquals(0xffffff, grid.getPixel(12, 10) & 0xffffff, "nothing there");
	}
}
