
package io.github.rosettaneurons.dissect;

import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The dataset-wide counts behind one layer's IoUs (NetDissect §2.6): per unit
 * and label the intersection I[u, l] of the unit's active pixels with the
 * label's pixels, per unit and category the unit's active pixels A[u, c] in the
 * images that count for that category (see {@link DissectOptions.UnionMode}),
 * and per label its pixels G[l]. Each batch's maps are upsampled to the
 * segmentation grid (Pillow bilinear, as matrices), binarised at the unit
 * thresholds and multiplied with the batch's label count matrices, all on the
 * engine; only the (units × labels-in-batch) results come back to be added into
 * exact long counters.
 */
final class ConceptTally {

	private static final long ELEMENTS_PER_STEP = 1L << 20;

	private final float[] thresholds;
	private final DissectOptions.UnionMode union;
	private final int units;
	private final int categories;
	final long[][] intersection;
	final long[][] activation;
	final long[] truth;

	ConceptTally(float[] thresholds, DissectOptions.UnionMode union, int maxLabel,
		int categories)
	{
		this.thresholds = thresholds.clone();
		this.union = union;
		this.units = thresholds.length;
		this.categories = categories;
		intersection = new long[units][maxLabel + 1];
		activation = new long[units][categories];
		truth = new long[maxLabel + 1];
	}

	/**
	 * Adds a batch: {@code maps} (images, units, h, w) of the images
	 * {@code concepts} describes. A unit whose map never exceeds its threshold on
	 * an image cannot be active there (the resampling weights are convex), so
	 * only the remaining (image, unit) pairs are upsampled and multiplied, as in
	 * the reference. Each image's pairs meet only its own labels' columns, plus a
	 * column of ones that counts their active pixels; the products are small
	 * integers, exact in float32 whatever the summation order.
	 */
	void add(NDManager scope, NDArray maps, ConceptBatch concepts) {
		for (int c = 0; c < concepts.labels.length; c++)
			truth[concepts.labels[c]] += concepts.truth[c];
		int images = concepts.images;
		int pixels = concepts.pixels();
		int h = (int) maps.getShape().get(2);
		int w = (int) maps.getShape().get(3);
		NDArray rows = resize(scope, h, concepts.height);
		NDArray columns = resize(scope, w, concepts.width);
		NDArray columnsT = columns == null ? null : columns.transpose();
		NDArray[] labelCounts = new NDArray[images];
		for (int i = 0; i < images; i++)
			labelCounts[i] = concepts.counts(scope, i);
		float[] maxima = maps.reshape(images, units, -1).max(new int[] { 2 })
			.toFloatArray();
		int[] pairs = new int[images * units]; // image * units + unit, by image
		int count = 0;
		for (int p = 0; p < pairs.length; p++)
			if (maxima[p] > thresholds[p % units]) pairs[count++] = p;
		NDArray flat = maps.reshape(images * units, h, w);
		int step = (int) Math.max(1, ELEMENTS_PER_STEP / pixels);
		for (int first = 0; first < count; first += step) {
			int[] chunkPairs = Arrays.copyOfRange(pairs, first, Math.min(count,
				first + step));
			int k = chunkPairs.length;
			float[] chunkThresholds = new float[k];
			for (int j = 0; j < k; j++)
				chunkThresholds[j] = thresholds[chunkPairs[j] % units];
			try (NDManager chunk = scope.newSubManager()) {
				NDArray part = flat.get(new NDIndex("{}", chunk.create(chunkPairs)));
				part.attach(chunk);
				NDArray upsampled = columnsT == null ? part : part.matMul(columnsT);
				if (rows != null) {
					upsampled = rows.matMul(upsampled);
					upsampled.attach(chunk);
				}
				NDArray active = upsampled.gt(chunk.create(chunkThresholds, new Shape(k,
					1, 1))).toType(DataType.FLOAT32, false).reshape(k, pixels);
				for (int start = 0; start < k;) {
					int image = chunkPairs[start] / units;
					int end = start;
					while (end < k && chunkPairs[end] / units == image)
						end++;
					float[] hits = active.get(new NDIndex("{}:{}", start, end)).matMul(
						labelCounts[image]).toFloatArray();
					add(Arrays.copyOfRange(chunkPairs, start, end), image, hits,
						concepts);
					start = end;
				}
			}
		}
	}

	/**
	 * Adds one image's (pairs × (1 + labels)) products: column 0 is each pair's
	 * active pixel count, the others its intersections with the image's labels. A
	 * (Lite union) counts the active pixels for the categories the unit overlaps
	 * on the image, A (original union) for the categories the image has labels
	 * of.
	 */
	private void add(int[] pairs, int image, float[] hits,
		ConceptBatch concepts)
	{
		int[] own = concepts.imageColumns[image];
		int width = own.length + 1;
		boolean[] overlaps = new boolean[categories];
		for (int j = 0; j < pairs.length; j++) {
			int unit = pairs[j] % units;
			long active = (long) hits[j * width];
			Arrays.fill(overlaps, false);
			for (int c = 0; c < own.length; c++) {
				long hit = (long) hits[j * width + 1 + c];
				intersection[unit][concepts.labels[own[c]]] += hit;
				int category = concepts.categoryOfColumn[own[c]];
				if (hit > 0 && category >= 0) overlaps[category] = true;
			}
			for (int category = 0; category < categories; category++) {
				boolean counts = union == DissectOptions.UnionMode.LITE
					? overlaps[category] : concepts.categoryPresent(image, category);
				if (counts) activation[unit][category] += active;
			}
		}
	}

	/**
	 * The (out × in) resampling matrix on {@code scope}, or null when no
	 * resampling is needed.
	 */
	private static NDArray resize(NDManager scope, int in, int out) {
		if (in == out) return null;
		return scope.create(PillowResize.matrix(in, out), new Shape(out, in))
			.toType(DataType.FLOAT32, false);
	}
}
