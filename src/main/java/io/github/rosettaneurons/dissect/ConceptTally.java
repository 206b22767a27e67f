package io.github.rosettaneurons.dissect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;

/**
 * The dataset-wide counts behind one layer's IoUs (NetDissect §2.6): per unit and label the intersection
 * I[u, l] of the unit's active pixels with the label's pixels, per unit and category the unit's active pixels
 * A[u, c] in the images that count for that category (see {@link DissectOptions.UnionMode}), and per label its
 * pixels G[l]. Each batch's maps are upsampled to the segmentation grid (Pillow bilinear, as matrices),
 * binarised at the unit thresholds and multiplied with the batch's label count matrices, all on the engine;
 * only the (units × labels-in-batch) results come back to be added into exact long counters.
 */
final class ConceptTally {

	private static final long ELEMENTS_PER_STEP = 1L << 23;

	private final float[] thresholds;
	private final DissectOptions.UnionMode union;
	private final int units;
	private final int categories;
	final long[][] intersection;
	final long[][] activation;
	final long[] truth;

	ConceptTally(float[] thresholds, DissectOptions.UnionMode union, int maxLabel, int categories) {
		this.thresholds = thresholds.clone();
		this.union = union;
		this.units = thresholds.length;
		this.categories = categories;
		intersection = new long[units][maxLabel + 1];
		activation = new long[units][categories];
		truth = new long[maxLabel + 1];
	}

	/**
	 * Adds a batch: {@code maps} (images, units, h, w) of the images {@code concepts} describes. A unit whose map
	 * never exceeds its threshold on an image cannot be active there (the resampling weights are convex), so only
	 * the remaining (image, unit) pairs are upsampled and multiplied, as in the reference.
	 */
	void add(NDManager scope, NDArray maps, ConceptBatch concepts) {
		for (int c = 0; c < concepts.labels.length; c++) truth[concepts.labels[c]] += concepts.truth[c];
		int images = concepts.images;
		int pixels = concepts.pixels();
		int h = (int) maps.getShape().get(2);
		int w = (int) maps.getShape().get(3);
		NDArray rows = resize(scope, h, concepts.height);
		NDArray columns = resize(scope, w, concepts.width);
		NDArray columnsT = columns == null ? null : columns.transpose();
		NDArray labelCounts = concepts.counts(scope);
		NDArray columnCategories = concepts.columnCategories(scope);
		NDArray present = concepts.categoryPresent(scope);
		float[] maxima = maps.reshape(images, units, -1).max(new int[] {2}).toFloatArray();
		int[] pairs = new int[images * units]; // image * units + unit, by image
		int count = 0;
		for (int p = 0; p < pairs.length; p++) if (maxima[p] > thresholds[p % units]) pairs[count++] = p;
		NDArray flat = maps.reshape(images * units, h, w);
		int step = (int) Math.max(1, ELEMENTS_PER_STEP / pixels);
		for (int first = 0; first < count; first += step) {
			int[] chunkPairs = Arrays.copyOfRange(pairs, first, Math.min(count, first + step));
			int k = chunkPairs.length;
			int[] chunkUnits = new int[k];
			int[] chunkImages = new int[k];
			float[] chunkThresholds = new float[k];
			for (int j = 0; j < k; j++) {
				chunkUnits[j] = chunkPairs[j] % units;
				chunkImages[j] = chunkPairs[j] / units;
				chunkThresholds[j] = thresholds[chunkUnits[j]];
			}
			try (NDManager chunk = scope.newSubManager()) {
				NDArray part = flat.get(new NDIndex("{}", chunk.create(chunkPairs)));
				part.attach(chunk);
				NDArray upsampled = columnsT == null ? part : part.matMul(columnsT);
				if (rows != null) {
					upsampled = rows.matMul(upsampled);
					upsampled.attach(chunk);
				}
				NDArray active = upsampled.gt(chunk.create(chunkThresholds, new Shape(k, 1, 1)))
					.toType(DataType.FLOAT32, false).reshape(k, pixels);
				NDList perImage = new NDList();
				for (int start = 0; start < k; ) {
					int end = start;
					while (end < k && chunkImages[end] == chunkImages[start]) end++;
					NDArray hits = active.get(new NDIndex("{}:{}", start, end)).matMul(labelCounts.get(chunkImages[start]));
					perImage.add(hits);
					start = end;
				}
				NDArray hits = perImage.size() == 1 ? perImage.get(0) : NDArrays.concat(perImage); // (pairs, columns)
				NDArray activeCount = active.sum(new int[] {1}).expandDims(1); // (pairs, 1)
				NDArray counted = union == DissectOptions.UnionMode.LITE
					? hits.matMul(columnCategories).gt(0).toType(DataType.FLOAT32, false).mul(activeCount)
					: activeCount.mul(present.get(new NDIndex("{}", chunk.create(chunkImages))));
				add(intersection, chunkUnits, hits.toFloatArray(), concepts.labels);
				add(activation, chunkUnits, counted.toFloatArray(), null);
			}
		}
	}

	/** Adds a (units × columns) block into {@code target}'s rows {@code units}, columns mapped by {@code labels}. */
	private static void add(long[][] target, int[] units, float[] block, int[] labels) {
		int columns = labels == null ? target[0].length : labels.length;
		for (int i = 0; i < block.length; i++) {
			int column = labels == null ? i % columns : labels[i % columns];
			target[units[i / columns]][column] += (long) block[i];
		}
	}

	/** The (out × in) resampling matrix on {@code scope}, or null when no resampling is needed. */
	private static NDArray resize(NDManager scope, int in, int out) {
		if (in == out) return null;
		return scope.create(PillowResize.matrix(in, out), new Shape(out, in)).toType(DataType.FLOAT32, false);
	}
}
