
package io.github.rosettaneurons.dissect;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.data.Numbers;
import io.github.rosettaneurons.data.PictureLabels;
import io.github.rosettaneurons.engine.Progress;

/**
 * The human-readable report, drawn headless with ImageJ processors:
 * {@code report.html} with one section per layer (headline, bar graph of
 * concepts per category, one card per unit),
 * {@code images/<layer>-bargraph.png} and per unit
 * {@code images/<layer>-NNNN.png} (zero-based unit, as the reference): its top
 * images side by side, each darkened outside the unit's mask (pixel × (0.2 +
 * 0.8 · mask), mask = map upsampled to the image &gt; T), over a band naming
 * the unit's concept, unit and IoU.
 */
public final class DissectReport {

	private static final int GAP = 3;
	private static final int BAR = 14;
	private static final int BAR_SPACE = 18;
	private static final int CHART = 160;
	private static final int LABEL_SPACE = 100;
	private static final Map<String, Color> CATEGORY_COLOURS = Map.of("object",
		new Color(0x4B, 0x77, 0xBE), "scene", new Color(0x55, 0xA8, 0x68), "part",
		new Color(0xC4, 0x4E, 0x52), "material", new Color(0x81, 0x72, 0xB2),
		"texture", new Color(0xCC, 0xB9, 0x74), "color", new Color(0x64, 0xB5,
			0xCD));

	private final Path out;
	private final BrodenDataset dataset;
	private final NetworkDissection dissection;
	private final NDManager manager;
	private final Map<Integer, ColorProcessor> images = new LinkedHashMap<>(64,
		0.75f, true)
	{

		@Override
		protected boolean removeEldestEntry(
			Map.Entry<Integer, ColorProcessor> eldest)
		{
			return size() > 128;
		}
	};

	private DissectReport(Path out, BrodenDataset dataset,
		NetworkDissection dissection, NDManager manager)
	{
		this.out = out;
		this.dataset = dataset;
		this.dissection = dissection;
		this.manager = manager;
	}

	static void write(Path out, BrodenDataset dataset,
		NetworkDissection dissection, List<LayerResult> layers, boolean strips,
		NDManager manager, Progress progress) throws IOException
	{
		Files.createDirectories(out.resolve("images"));
		DissectReport report = new DissectReport(out, dataset, dissection, manager);
		StringBuilder html = new StringBuilder(
			"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Network " +
				"Dissection</title>\n<style>body{font-family:sans-serif;margin:1em}.unit{display:inline-block;width:300px;" +
				"margin:4px;padding:4px;border:1px solid #ccc;vertical-align:top}.low{color:#999}.strip{height:96px;" +
				"max-width:100%;object-fit:cover;object-position:left}</style></head><body>\n<h1>Network Dissection</h1>\n<p>" +
				escape(dataset.images().describe()) + "</p>\n");
		for (int l = 0; l < layers.size(); l++) {
			LayerResult layer = layers.get(l);
			String name = fileName(layer.layer());
			report.barGraph(layer, out.resolve("images").resolve(name +
				"-bargraph.png"));
			html.append("<h2>").append(escape(layer.layer())).append("</h2>\n<p>")
				.append(escape(layer.summary())).append("</p>\n<img src=\"images/")
				.append(name).append(
					"-bargraph.png\" alt=\"concepts per category\">\n<div>\n");
			String output = dissection.layers().get(l).output();
			List<UnitResult> units = ConceptRanking.units(layer);
			for (int i = 0; i < units.size(); i++) {
				progress.checkCancelled();
				UnitResult unit = units.get(i);
				String strip = String.format(Locale.ROOT, "%s-%04d.png", name, unit
					.unit());
				if (strips) report.strip(output, unit, out.resolve("images").resolve(
					strip));
				html.append(report.card(layer, unit, strips ? strip : null));
				progress.report(i + 1, units.size(), "report: " + layer.layer() +
					" unit " + (i + 1) + " of " + units.size());
			}
			html.append("</div>\n");
		}
		html.append("</body></html>\n");
		Files.writeString(out.resolve("report.html"), html, StandardCharsets.UTF_8);
	}

	private String card(LayerResult layer, UnitResult unit, String strip) {
		String label = conceptName(unit);
		StringBuilder card = new StringBuilder("<div class=\"unit").append(layer
			.interpretable(unit) ? "" : " low").append("\"><b>").append(escape(label))
			.append("</b><br>unit ").append(unit.unit() + 1).append(" (").append(
				escape(unit.category())).append(")<br>").append(String.format(
					Locale.ROOT, "IoU %.3f", unit.score()));
		if (strip != null) card.append("<br><a href=\"images/").append(strip)
			.append("\"><img class=\"strip\" src=\"images/").append(strip).append(
				"\" alt=\"top images of unit ").append(unit.unit() + 1).append(
					"\"></a>");
		return card.append("</div>\n").toString();
	}

	/**
	 * The unit's top images side by side over a band naming its concept, unit
	 * (1-based, as the card) and IoU.
	 */
	private void strip(String layer, UnitResult unit, Path file) {
		int[] grid = dissection.grid(layer);
		List<ColorProcessor> tiles = new ArrayList<>();
		for (int top : unit.topImages())
			tiles.add(masked(image(top), dissection.unitMap(layer, top, unit.unit()),
				grid, unit.threshold()));
		ColorProcessor images = PictureLabels.grid(List.of(tiles), GAP);
		save(PictureLabels.below(images, conceptName(unit), Numbers.format(
			"unit %d \u00b7 IoU %.3f", unit.unit() + 1, unit.score())), file);
	}

	private ColorProcessor image(int index) {
		return images.computeIfAbsent(index, i -> dataset.readImage(i).toRgb());
	}

	/** The image dimmed outside the unit's mask at image size. */
	private ColorProcessor masked(ColorProcessor image, float[] map, int[] grid,
		float threshold)
	{
		int width = image.getWidth();
		int height = image.getHeight();
		boolean[] mask;
		try (NDManager scope = manager.newSubManager()) {
			NDArray rows = scope.create(PillowResize.matrix(grid[0], height),
				new Shape(height, grid[0])).toType(DataType.FLOAT32, false);
			NDArray columns = scope.create(PillowResize.matrix(grid[1], width),
				new Shape(width, grid[1])).toType(DataType.FLOAT32, false);
			mask = rows.matMul(scope.create(map, new Shape(grid[0], grid[1]))).matMul(
				columns.transpose()).gt(threshold).toBooleanArray();
		}
		int[] pixels = (int[]) image.getPixels();
		ColorProcessor tile = new ColorProcessor(width, height);
		int[] result = (int[]) tile.getPixels();
		for (int p = 0; p < pixels.length; p++) {
			double factor = mask[p] ? 1 : 0.2;
			int r = (int) (((pixels[p] >> 16) & 0xff) * factor);
			int g = (int) (((pixels[p] >> 8) & 0xff) * factor);
			int b = (int) ((pixels[p] & 0xff) * factor);
			result[p] = (r << 16) | (g << 8) | b;
		}
		return tile;
	}

	private void barGraph(LayerResult layer, Path file) {
		List<ConceptRanking.Bar> bars = ConceptRanking.bars(layer);
		int most = bars.stream().mapToInt(ConceptRanking.Bar::units).max().orElse(
			1);
		int left = 40;
		String headline = bars.isEmpty() ? layer.layer() +
			": no unit with IoU \u2265 " + layer.iouThreshold() : layer.summary();
		Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
		ColorProcessor measure = new ColorProcessor(1, 1);
		measure.setFont(font);
		List<String> legend = bars.stream().map(ConceptRanking.Bar::category)
			.distinct().toList();
		int legendWidth = legend.stream().mapToInt(category -> measure
			.getStringWidth(category) + 24).sum();
		int width = Math.max(Math.max(measure.getStringWidth(headline),
			legendWidth) + 8, left + bars.size() * BAR_SPACE + 10);
		ColorProcessor chart = new ColorProcessor(width, 48 + CHART + LABEL_SPACE);
		chart.setColor(Color.WHITE);
		chart.fill();
		chart.setAntialiasedText(true);
		chart.setFont(font);
		chart.setColor(Color.BLACK);
		chart.drawString(headline, 4, 16);
		int x0 = 4;
		for (String category : legend) {
			chart.setColor(CATEGORY_COLOURS.getOrDefault(category, Color.GRAY));
			chart.setRoi(x0, 22, 12, 12);
			chart.fill();
			chart.resetRoi();
			chart.setColor(Color.BLACK);
			chart.drawString(category, x0 + 16, 35);
			x0 += measure.getStringWidth(category) + 24;
		}
		int top = 48;
		chart.drawLine(left - 2, top, left - 2, top + CHART);
		chart.drawString(String.valueOf(most), 4, top + 12);
		chart.drawString("0", 4, top + CHART);
		for (int i = 0; i < bars.size(); i++) {
			ConceptRanking.Bar bar = bars.get(i);
			int x = left + i * BAR_SPACE;
			int barHeight = Math.max(1, (int) Math.round((double) CHART * bar
				.units() / most));
			chart.setColor(CATEGORY_COLOURS.getOrDefault(bar.category(), Color.GRAY));
			chart.setRoi(x, top + CHART - barHeight, BAR, barHeight);
			chart.fill();
			chart.resetRoi();
			ColorProcessor text = new ColorProcessor(LABEL_SPACE, BAR + 2);
			text.setColor(Color.WHITE);
			text.fill();
			text.setAntialiasedText(true);
			text.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
			text.setColor(Color.BLACK);
			text.drawString(bar.label().displayName(), LABEL_SPACE - 2 - text
				.getStringWidth(bar.label().displayName()), BAR + 1);
			chart.insert(text.rotateLeft(), x - 1, top + CHART + 2);
		}
		save(chart, file);
	}

	private static String conceptName(UnitResult unit) {
		return unit.label() == null ? "(none)" : unit.label().displayName();
	}

	private static void save(ColorProcessor picture, Path file) {
		if (!new FileSaver(new ImagePlus(file.getFileName().toString(), picture))
			.saveAsPng(file.toString())) throw new UncheckedIOException(
				new IOException(file + ": cannot be written"));
	}

	/**
	 * The folder name of a layer's results: characters other than letters,
	 * digits, '.', '_' and '-' become '_'.
	 */
	public static String fileName(String layer) {
		return layer.replaceAll("[^A-Za-z0-9._-]", "_");
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
			.replace("\"", "&quot;");
	}
}
