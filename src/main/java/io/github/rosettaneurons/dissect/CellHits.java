
package io.github.rosettaneurons.dissect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The tally's products without upsampling maps, for maps that the masks enlarge
 * at least {@link #MIN_SCALE}-fold on both axes. Bilinear enlarging splits the
 * mask grid into cells (a band of rows × a band of columns, see
 * {@link ResizeBands}) whose pixels mix the same four source samples, so a
 * pixel can exceed its unit's threshold only in a cell with a corner above it.
 * Within a cell's row the value is an affine function of the column's weight,
 * which grows along the row: the row's active pixels are one run at its start
 * or its end, found by bisection in float64 from the four corners. A run's
 * intersections with every label are then the difference of two entries of the
 * image's count matrix summed along its rows (on the engine), so the work per
 * cell is a few operations per row instead of one per pixel.
 */
final class CellHits implements PairHits {

	static final int MIN_SCALE = 4;

	private final ResizeBands rows;
	private final ResizeBands columns;
	private final int h;
	private final int w;
	private final int height;
	private final int width;
	/** Per source row (column), the row (column) bands that read it. */
	private final int[][] rowBandsOf;
	private final int[][] columnBandsOf;

	/** Whether masks of (height, width) enlarge (h, w) maps enough. */
	static boolean applies(int h, int w, int height, int width) {
		return height >= MIN_SCALE * h && width >= MIN_SCALE * w;
	}

	CellHits(int h, int w, int height, int width) {
		this.h = h;
		this.w = w;
		this.height = height;
		this.width = width;
		rows = ResizeBands.enlarging(h, height);
		columns = ResizeBands.enlarging(w, width);
		rowBandsOf = readers(rows, h);
		columnBandsOf = readers(columns, w);
	}

	private static int[][] readers(ResizeBands bands, int samples) {
		List<List<Integer>> readers = new ArrayList<>();
		for (int s = 0; s < samples; s++)
			readers.add(new ArrayList<>());
		for (int b = 0; b < bands.count; b++) {
			readers.get(bands.low[b]).add(b);
			if (bands.high[b] != bands.low[b]) readers.get(bands.high[b]).add(b);
		}
		return readers.stream().map(list -> list.stream().mapToInt(
			Integer::intValue).toArray()).toArray(int[][]::new);
	}

	@Override
	public void compute(NDManager scope, NDArray maps, ConceptBatch concepts,
		float[] thresholds, Sink sink)
	{
		int units = thresholds.length;
		int images = concepts.images;
		float[] values = maps.toFloatArray();
		// the reference's gate on the engine; the cells of the few pairs it
		// keeps are found from their source samples
		float[] maxima = maps.reshape(images * units, -1).max(new int[] { 1 })
			.toFloatArray();
		int stride = 1 + Arrays.stream(concepts.imageColumns).mapToInt(
			own -> own.length).max().orElse(0);
		float[] prefix = rowSums(scope, concepts, stride);
		float[] pairHits = new float[images * units * stride];
		boolean[] seen = new boolean[images * units];
		int cells = rows.count * columns.count;
		IntStream.range(0, images).parallel().forEach(image -> {
			boolean[] marked = new boolean[cells];
			for (int pair = image * units; pair < (image + 1) * units; pair++) {
				float threshold = thresholds[pair % units];
				if (!(maxima[pair] > threshold)) continue;
				Arrays.fill(marked, false);
				for (int r = 0; r < h; r++)
					for (int c = 0; c < w; c++)
						if (values[(pair * h + r) * w + c] > threshold)
							for (int cy : rowBandsOf[r])
							for (int cx : columnBandsOf[c])
								marked[cy * columns.count + cx] = true;
				for (int cell = 0; cell < cells; cell++)
					if (marked[cell]) {
						seen[pair] = true;
						addCell(values, pair * h * w, cell / columns.count, cell %
							columns.count, threshold, prefix, image, stride, pairHits, pair *
								stride);
					}
			}
		});
		for (int image = 0; image < images; image++)
			emit(image, units, concepts.imageColumns[image].length + 1, stride,
				pairHits, seen, sink);
	}

	/**
	 * Adds the hits of one cell (row band cy, column band cx) of the map at
	 * {@code map} in {@code values} to {@code hits} from {@code offset}.
	 */
	private void addCell(float[] values, int map, int cy, int cx,
		double threshold, float[] prefix, int image, int stride, float[] hits,
		int offset)
	{
		double c00 = values[map + rows.low[cy] * w + columns.low[cx]];
		double c01 = values[map + rows.low[cy] * w + columns.high[cx]];
		double c10 = values[map + rows.high[cy] * w + columns.low[cx]];
		double c11 = values[map + rows.high[cy] * w + columns.high[cx]];
		double[] rowLow = rows.lowWeight[cy], rowHigh = rows.highWeight[cy];
		double[] low = columns.lowWeight[cx], high = columns.highWeight[cx];
		int last = columns.length[cx] - 1;
		for (int i = 0; i < rows.length[cy]; i++) {
			// the row's value at column j is left·low[j] + right·high[j]
			double left = rowLow[i] * c00 + rowHigh[i] * c10;
			double right = rowLow[i] * c01 + rowHigh[i] * c11;
			boolean firstActive = left * low[0] + right * high[0] > threshold;
			boolean lastActive = left * low[last] + right * high[last] > threshold;
			int from = 0, to = last + 1;
			if (firstActive != lastActive) {
				// the first column whose state differs from the first one's
				int same = 0, differs = last;
				while (differs - same > 1) {
					int middle = (same + differs) >>> 1;
					if (left * low[middle] + right *
						high[middle] > threshold == firstActive) same = middle;
					else differs = middle;
				}
				if (firstActive) to = differs;
				else from = differs;
			}
			else if (!firstActive) continue;
			int row = (image * height + rows.start[cy] + i) * (width + 1) +
				columns.start[cx];
			int start = (row + from) * stride, end = (row + to) * stride;
			for (int c = 0; c < stride; c++)
				hits[offset + c] += prefix[end + c] - prefix[start + c];
		}
	}

	/** Hands one image's pairs, with its own label columns, to the sink. */
	private static void emit(int image, int units, int own, int stride,
		float[] pairHits, boolean[] seen, Sink sink)
	{
		int[] pairs = new int[units];
		float[] hits = new float[units * own];
		int count = 0;
		for (int pair = image * units; pair < (image + 1) * units; pair++)
			if (seen[pair]) {
				System.arraycopy(pairHits, pair * stride, hits, count * own, own);
				pairs[count++] = pair;
			}
		if (count > 0) sink.accept(image, Arrays.copyOf(pairs, count), Arrays
			.copyOf(hits, count * own));
	}

	/**
	 * The batch's count matrices summed along each mask row, with a zero first:
	 * (images, height, width + 1, stride), where entry x of a row holds the
	 * counts of its pixels before x and columns past an image's labels are zero.
	 */
	private float[] rowSums(NDManager scope, ConceptBatch concepts, int stride) {
		try (NDManager step = scope.newSubManager()) {
			NDArray sums = concepts.paddedCounts(step, stride).reshape(
				concepts.images, height, width, stride).cumSum(2);
			return step.zeros(new Shape(concepts.images, height, 1, stride)).concat(
				sums, 2).toFloatArray();
		}
	}
}
