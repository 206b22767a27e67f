
package io.github.rosettaneurons.dissect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The tally's products without upsampling whole maps, for maps that the masks
 * enlarge at least {@link #MIN_SCALE}-fold on both axes. Bilinear enlarging
 * splits the mask grid into cells (a band of rows × a band of columns, see
 * {@link ResizeBands}) whose pixels are convex combinations of the same four
 * source samples, so a pixel can exceed its unit's threshold only in a cell
 * with a corner above it. Only those cells of each (image, unit) pair are
 * computed, in float64 from their four corners, binarised, and multiplied with
 * their image's count matrix laid out cell by cell: at the default top 0.5 %
 * about a tenth of the pixels that whole maps have.
 * <p>
 * The (image, cell) groups of a batch are sorted by how many pairs need them
 * and cut into buckets of similar sizes, so that one batched product per bucket
 * multiplies every pair's cell with its block of the count matrix, padded by at
 * most a factor of two.
 */
final class CellHits implements PairHits {

	static final int MIN_SCALE = 4;
	private static final long ELEMENTS_PER_STEP = 1L << 20;

	private final ResizeBands rows;
	private final ResizeBands columns;
	private final int h;
	private final int w;
	private final int cells;
	private final int cellPixels;
	/**
	 * Per row band, per row of it, the weights of its low and high source row
	 * (bands × longest × 2); per column band the same, transposed (bands × 2 ×
	 * longest). Rows and columns past a band's end weigh nothing.
	 */
	private final double[] rowWeights;
	private final double[] columnWeights;
	/**
	 * (cells × cellPixels): the mask pixel of each cell pixel, or the pixel count
	 * (a zero row appended to the count matrix) for padding.
	 */
	private final int[] maskPixel;
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
		rows = ResizeBands.enlarging(h, height);
		columns = ResizeBands.enlarging(w, width);
		cells = rows.count * columns.count;
		cellPixels = rows.longest * columns.longest;
		rowWeights = new double[rows.count * rows.longest * 2];
		for (int b = 0; b < rows.count; b++)
			for (int i = 0; i < rows.length[b]; i++) {
				rowWeights[(b * rows.longest + i) * 2] = rows.lowWeight[b][i];
				rowWeights[(b * rows.longest + i) * 2 + 1] = rows.highWeight[b][i];
			}
		columnWeights = new double[columns.count * 2 * columns.longest];
		for (int b = 0; b < columns.count; b++)
			for (int j = 0; j < columns.length[b]; j++) {
				columnWeights[b * 2 * columns.longest + j] = columns.lowWeight[b][j];
				columnWeights[(b * 2 + 1) * columns.longest + j] =
					columns.highWeight[b][j];
			}
		maskPixel = new int[cells * cellPixels];
		Arrays.fill(maskPixel, height * width);
		for (int cy = 0; cy < rows.count; cy++)
			for (int cx = 0; cx < columns.count; cx++) {
				int cell = cy * columns.count + cx;
				for (int i = 0; i < rows.length[cy]; i++)
					for (int j = 0; j < columns.length[cx]; j++) {
						int q = i * columns.longest + j;
						maskPixel[cell * cellPixels + q] = (rows.start[cy] + i) * width +
							columns.start[cx] + j;
					}
			}
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
		Groups groups = new Groups(images * cells);
		boolean[] marked = new boolean[cells];
		for (int pair = 0; pair < maxima.length; pair++) {
			float threshold = thresholds[pair % units];
			if (!(maxima[pair] > threshold)) continue;
			int image = pair / units;
			Arrays.fill(marked, false);
			for (int r = 0; r < h; r++)
				for (int c = 0; c < w; c++)
					if (values[(pair * h + r) * w + c] > threshold)
						for (int cy : rowBandsOf[r])
						for (int cx : columnBandsOf[c])
						marked[cy * columns.count + cx] = true;
			for (int cell = 0; cell < cells; cell++)
				if (marked[cell]) groups.add(image * cells + cell, pair);
		}
		NDArray counts = cellCounts(scope, concepts);
		int width = (int) counts.getShape().get(2);
		float[] pairHits = new float[images * units * width];
		boolean[] seen = new boolean[images * units];
		for (int[] bucket : groups.buckets(ELEMENTS_PER_STEP / cellPixels, width)) {
			int slots = groups.size(bucket[0]);
			double[] corners = new double[bucket.length * slots * 4];
			double[] slotThresholds = new double[bucket.length * slots];
			Arrays.fill(slotThresholds, Double.POSITIVE_INFINITY); // empty slots
			int[] slotPair = new int[bucket.length * slots];
			Arrays.fill(slotPair, -1);
			int rowBlock = rows.longest * 2, columnBlock = 2 * columns.longest;
			double[] groupRowWeights = new double[bucket.length * rowBlock];
			double[] groupColumnWeights = new double[bucket.length * columnBlock];
			for (int g = 0; g < bucket.length; g++) {
				int cy = bucket[g] % cells / columns.count;
				int cx = bucket[g] % cells % columns.count;
				System.arraycopy(rowWeights, cy * rowBlock, groupRowWeights, g *
					rowBlock, rowBlock);
				System.arraycopy(columnWeights, cx * columnBlock, groupColumnWeights,
					g * columnBlock, columnBlock);
				// (low, high) row × (low, high) column, row-major: the (2, 2) corners
				int[] cornerOffsets = { rows.low[cy] * w + columns.low[cx],
					rows.low[cy] * w + columns.high[cx], rows.high[cy] * w +
						columns.low[cx], rows.high[cy] * w + columns.high[cx] };
				int[] pairs = groups.members(bucket[g]);
				for (int s = 0; s < groups.size(bucket[g]); s++) {
					int slot = g * slots + s;
					for (int k = 0; k < 4; k++)
						corners[slot * 4 + k] = values[pairs[s] * h * w + cornerOffsets[k]];
					slotThresholds[slot] = thresholds[pairs[s] % units];
					slotPair[slot] = pairs[s];
				}
			}
			float[] hits;
			try (NDManager step = scope.newSubManager()) {
				// (groups, 1, rows, 2) x (groups, slots, 2, 2) x (groups, 1, 2,
				// columns)
				NDArray cellValues = step.create(groupRowWeights, new Shape(
					bucket.length, 1, rows.longest, 2)).matMul(step.create(corners,
						new Shape(bucket.length, slots, 2, 2))).matMul(step.create(
							groupColumnWeights, new Shape(bucket.length, 1, 2,
								columns.longest)));
				NDArray active = cellValues.reshape(bucket.length, slots, cellPixels)
					.gt(step.create(slotThresholds, new Shape(bucket.length, slots, 1)))
					.toType(DataType.FLOAT32, false);
				NDArray blocks = counts.get(new NDIndex("{}", step.create(Arrays.stream(
					bucket).asLongStream().toArray())));
				blocks.attach(step);
				hits = active.matMul(blocks).toFloatArray();
			}
			for (int slot = 0; slot < slotPair.length; slot++) {
				int pair = slotPair[slot];
				if (pair < 0) continue;
				seen[pair] = true;
				for (int c = 0; c < width; c++)
					pairHits[pair * width + c] += hits[slot * width + c];
			}
		}
		for (int image = 0; image < images; image++)
			emit(image, units, concepts.imageColumns[image].length + 1, width,
				pairHits, seen, sink);
	}

	/** Hands one image's pairs, with its own label columns, to the sink. */
	private static void emit(int image, int units, int own, int width,
		float[] pairHits, boolean[] seen, Sink sink)
	{
		int[] pairs = new int[units];
		float[] hits = new float[units * own];
		int count = 0;
		for (int pair = image * units; pair < (image + 1) * units; pair++)
			if (seen[pair]) {
				System.arraycopy(pairHits, pair * width, hits, count * own, own);
				pairs[count++] = pair;
			}
		if (count > 0) sink.accept(image, Arrays.copyOf(pairs, count), Arrays
			.copyOf(hits, count * own));
	}

	/**
	 * The batch's count matrices as (images × cells, cellPixels, 1 + the most
	 * labels of an image), padding rows and columns zero.
	 */
	private NDArray cellCounts(NDManager scope, ConceptBatch concepts) {
		int width = 1;
		for (int[] own : concepts.imageColumns)
			width = Math.max(width, own.length + 1);
		return concepts.counts(scope, maskPixel, width).reshape(
			(long) concepts.images * cells, cellPixels, width);
	}

	/**
	 * The pairs that need each (image, cell) group, and buckets of groups of
	 * similar sizes, largest first.
	 */
	private static final class Groups {

		private final int[][] members;
		private final int[] sizes;

		Groups(int groups) {
			members = new int[groups][];
			sizes = new int[groups];
		}

		void add(int group, int pair) {
			if (members[group] == null) members[group] = new int[4];
			else if (sizes[group] == members[group].length) members[group] = Arrays
				.copyOf(members[group], 2 * sizes[group]);
			members[group][sizes[group]++] = pair;
		}

		int size(int group) {
			return sizes[group];
		}

		/** The group's pairs in the first {@link #size} entries. */
		int[] members(int group) {
			return members[group];
		}

		/**
		 * Non-empty groups in buckets: each bucket's groups hold at least half as
		 * many pairs as its first, and at most {@code slotLimit} slots or blocks of
		 * {@code width} count columns in all.
		 */
		List<int[]> buckets(long slotLimit, int width) {
			int[] order = IntStream.range(0, sizes.length).filter(g -> sizes[g] > 0)
				.boxed().sorted((a, b) -> Integer.compare(sizes[b], sizes[a])).mapToInt(
					Integer::intValue).toArray();
			List<int[]> buckets = new ArrayList<>();
			int first = 0;
			while (first < order.length) {
				int slots = sizes[order[first]];
				long capacity = Math.max(1, slotLimit / Math.max(slots, width));
				int end = first + 1;
				while (end < order.length && end - first < capacity && 2 *
					sizes[order[end]] >= slots)
					end++;
				buckets.add(Arrays.copyOfRange(order, first, end));
				first = end;
			}
			return buckets;
		}
	}
}
