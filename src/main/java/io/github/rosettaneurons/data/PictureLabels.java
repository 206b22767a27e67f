
package io.github.rosettaneurons.data;

import java.awt.Color;
import java.awt.Font;
import java.util.List;

import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

/**
 * Text on the pictures the methods write (model names on the Rosetta montage,
 * concept, IoU and unit on dissection strips, k on spectral segments), drawn
 * headless with ImageJ processors. Text goes in a black band with white lines
 * beside a picture, never over it, so that it stays legible on 64 px tiles and
 * hides no pixel; lines too wide for the band are cut with an ellipsis. Format
 * numbers for a label with {@link Numbers#format}.
 */
public final class PictureLabels {

	/** Height in pixels of one line of text in a band. */
	public static final int LINE_HEIGHT = 12;

	private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
	private static final int MARGIN = 2;
	private static final int BASELINE = 10;
	private static final String ELLIPSIS = "\u2026";

	private PictureLabels() {}

	/** Height of a band of {@code lines} lines. */
	public static int bandHeight(int lines) {
		return lines * LINE_HEIGHT;
	}

	/**
	 * A black band {@code width} pixels wide with one line of white text per
	 * entry, left-aligned.
	 */
	public static ColorProcessor band(int width, String... lines) {
		ColorProcessor band = new ColorProcessor(width, bandHeight(lines.length));
		band.setColor(Color.BLACK);
		band.fill();
		band.setFont(FONT);
		band.setAntialiasedText(true);
		band.setColor(Color.WHITE);
		for (int i = 0; i < lines.length; i++)
			band.drawString(fitted(band, lines[i], width - 2 * MARGIN), MARGIN, i *
				LINE_HEIGHT + BASELINE);
		return band;
	}

	/** {@code picture} (as RGB) with a band of {@code lines} under it. */
	public static ColorProcessor below(ImageProcessor picture, String... lines) {
		return grid(List.of(List.of(picture.convertToColorProcessor()), List.of(
			band(picture.getWidth(), lines))), 0);
	}

	/**
	 * Pictures in rows, left to right and top to bottom, {@code gap} white pixels
	 * apart; each row is as high as its highest picture.
	 */
	public static ColorProcessor grid(List<? extends List<ColorProcessor>> rows,
		int gap)
	{
		int width = 1;
		int height = -gap;
		for (List<ColorProcessor> row : rows) {
			width = Math.max(width, rowWidth(row, gap));
			height += rowHeight(row) + gap;
		}
		ColorProcessor grid = new ColorProcessor(width, Math.max(1, height));
		grid.setColor(Color.WHITE);
		grid.fill();
		int y = 0;
		for (List<ColorProcessor> row : rows) {
			int x = 0;
			for (ColorProcessor picture : row) {
				grid.insert(picture, x, y);
				x += picture.getWidth() + gap;
			}
			y += rowHeight(row) + gap;
		}
		return grid;
	}

	private static int rowWidth(List<ColorProcessor> row, int gap) {
		return row.stream().mapToInt(picture -> picture.getWidth() + gap).sum() -
			gap;
	}

	private static int rowHeight(List<ColorProcessor> row) {
		return row.stream().mapToInt(ColorProcessor::getHeight).max().orElse(0);
	}

	/** {@code text}, cut and ended with an ellipsis where it is too wide. */
	private static String fitted(ImageProcessor band, String text, int width) {
		if (band.getStringWidth(text) <= width) return text;
		for (int end = text.length() - 1; end > 0; end--) {
			String cut = text.substring(0, end) + ELLIPSIS;
			if (band.getStringWidth(cut) <= width) return cut;
		}
		return ELLIPSIS;
	}
}
