
package io.github.rosettaneurons.describe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

/**
 * Describe-and-Dissect's attention cropping (docs/describe.md): a unit's map on
 * one image becomes an 8-bit heatmap, is resized (bicubic) to a square canvas,
 * thresholded with Otsu's method, and the bounding boxes of its connected
 * regions are kept greedily, largest first, when they overlap every kept box by
 * IoU ≤ 0.5 and cover less than 80% of the canvas (IoU with the full canvas
 * &lt; 0.8), at most {@code maxCrops} of them.
 */
public final class AttentionCrops {

	/** The reference resizes every top image to 375 × 375 before cropping. */
	public static final int DEFAULT_CANVAS = 375;
	public static final int DEFAULT_MAX_CROPS = 4;
	static final double MAX_PAIR_IOU = 0.5;
	static final double MAX_FULL_IMAGE_IOU = 0.8;

	private final HeatmapScaling scaling;
	private final int canvas;
	private final int maxCrops;

	public AttentionCrops(HeatmapScaling scaling, int canvas, int maxCrops) {
		if (canvas < 2) throw new IllegalArgumentException(
			"Canvas size must be at least 2, not " + canvas);
		if (maxCrops < 0) throw new IllegalArgumentException(
			"Crops per image must be 0 or more, not " + maxCrops);
		this.scaling = scaling;
		this.canvas = canvas;
		this.maxCrops = maxCrops;
	}

	public int canvas() {
		return canvas;
	}

	/**
	 * The heatmap on the canvas: the map's 8-bit levels resized bicubically to
	 * canvas × canvas.
	 */
	public ByteProcessor heatmap(float[] map, int width, int height) {
		return heatmap(map, width, height, canvas, canvas);
	}

	private ByteProcessor heatmap(float[] map, int width, int height,
		int outWidth, int outHeight)
	{
		ByteProcessor levels = new ByteProcessor(width, height, scaling.toLevels(
			map));
		levels.setInterpolationMethod(ImageProcessor.BICUBIC);
		return (ByteProcessor) levels.resize(outWidth, outHeight);
	}

	/**
	 * The Otsu foreground of the map's heatmap resized to outWidth × outHeight
	 * (e.g. a concept mask's size).
	 */
	public boolean[] hotRegion(float[] map, int width, int height, int outWidth,
		int outHeight)
	{
		return foreground((byte[]) heatmap(map, width, height, outWidth, outHeight)
			.getPixels());
	}

	/**
	 * The crop boxes of one map (width × height, row-major), on the canvas, in
	 * the order they were kept.
	 */
	public List<Box> boxes(float[] map, int width, int height) {
		if (maxCrops == 0) return List.of();
		byte[] heat = (byte[]) heatmap(map, width, height).getPixels();
		return select(regions(foreground(heat), canvas, canvas), canvas, canvas,
			maxCrops);
	}

	/**
	 * Pixels above Otsu's threshold (OpenCV's THRESH_BINARY + THRESH_OTSU: value
	 * &gt; threshold).
	 */
	static boolean[] foreground(byte[] levels) {
		int threshold = otsuThreshold(levels);
		boolean[] fg = new boolean[levels.length];
		for (int i = 0; i < levels.length; i++)
			fg[i] = (levels[i] & 0xff) > threshold;
		return fg;
	}

	/**
	 * Otsu's threshold over a 256-bin histogram: the first level that maximises
	 * the between-class variance.
	 */
	static int otsuThreshold(byte[] levels) {
		long[] histogram = new long[256];
		for (byte level : levels)
			histogram[level & 0xff]++;
		double total = levels.length;
		double sumAll = 0;
		for (int i = 0; i < 256; i++)
			sumAll += i * (double) histogram[i];
		double weightBelow = 0;
		double sumBelow = 0;
		double best = -1;
		int threshold = 0;
		for (int t = 0; t < 256; t++) {
			weightBelow += histogram[t];
			sumBelow += t * (double) histogram[t];
			double weightAbove = total - weightBelow;
			if (weightBelow == 0 || weightAbove == 0) continue;
			double meanBelow = sumBelow / weightBelow;
			double meanAbove = (sumAll - sumBelow) / weightAbove;
			double between = weightBelow * weightAbove * (meanBelow - meanAbove) *
				(meanBelow - meanAbove);
			if (between > best) {
				best = between;
				threshold = t;
			}
		}
		return threshold;
	}

	/** Bounding boxes of the 8-connected foreground regions. */
	static List<Box> regions(boolean[] foreground, int width, int height) {
		int[] label = new int[foreground.length];
		int[] stack = new int[foreground.length];
		List<Box> boxes = new ArrayList<>();
		int next = 0;
		for (int start = 0; start < foreground.length; start++) {
			if (!foreground[start] || label[start] != 0) continue;
			next++;
			int x0 = width, y0 = height, x1 = -1, y1 = -1;
			int top = 0;
			stack[top++] = start;
			label[start] = next;
			while (top > 0) {
				int p = stack[--top];
				int px = p % width;
				int py = p / width;
				x0 = Math.min(x0, px);
				y0 = Math.min(y0, py);
				x1 = Math.max(x1, px);
				y1 = Math.max(y1, py);
				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++) {
						int nx = px + dx;
						int ny = py + dy;
						if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
						int q = ny * width + nx;
						if (foreground[q] && label[q] == 0) {
							label[q] = next;
							stack[top++] = q;
						}
					}
			}
			boxes.add(new Box(x0, y0, x1 + 1, y1 + 1));
		}
		return boxes;
	}

	/**
	 * The greedy choice: largest first, IoU ≤ 0.5 with every kept box, IoU &lt;
	 * 0.8 with the full image.
	 */
	static List<Box> select(List<Box> candidates, int width, int height,
		int maxCrops)
	{
		Box full = new Box(0, 0, width, height);
		List<Box> sorted = new ArrayList<>(candidates);
		sorted.sort(Comparator.comparingLong(Box::area).reversed());
		List<Box> kept = new ArrayList<>();
		for (Box box : sorted) {
			if (kept.size() == maxCrops) break;
			if (box.iou(full) >= MAX_FULL_IMAGE_IOU) continue;
			if (kept.stream().allMatch(k -> k.iou(box) <= MAX_PAIR_IOU)) kept.add(
				box);
		}
		return kept;
	}
}
