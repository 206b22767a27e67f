package io.github.rosettaneurons.dissect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

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
	final long[] activePixels;

	ConceptTally(float[] thresholds, DissectOptions.UnionMode union, int maxLabel, int categories) {
		this.thresholds = thresholds.clone();
		this.union = union;
		this.units = thresholds.length;
		this.categories = categories;
		intersection = new long[units][maxLabel + 1];
		activation = new long[units][categories];
		truth = new long[maxLabel + 1];
		activePixels = new long[units];
	}

	/** Adds a batch: {@code maps} (images, units, h, w) of the images {@code concepts} describes. */
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
		NDArray allThresholds = scope.create(thresholds, new Shape(1, units, 1, 1));
		int step = (int) Math.max(1, Math.min(units, ELEMENTS_PER_STEP / ((long) images * pixels)));
		for (int first = 0; first < units; first += step) {
			int end = Math.min(units, first + step);
			try (NDManager chunk = scope.newSubManager()) {
				NDArray part = maps.get(new NDIndex(":, {}:{}", first, end));
				part.attach(chunk);
				NDArray upsampled = columnsT == null ? part : part.matMul(columnsT);
				if (rows != null) {
					upsampled = rows.matMul(upsampled);
					upsampled.attach(chunk);
				}
				NDArray threshold = allThresholds.get(new NDIndex(":, {}:{}", first, end));
				threshold.attach(chunk);
				NDArray active = upsampled.gt(threshold).toType(DataType.FLOAT32, false).reshape(images, end - first, pixels);
				NDArray perImage = active.matMul(labelCounts); // (images, units, columns)
				NDArray count = active.sum(new int[] {2}); // (images, units)
				NDArray counted = union == DissectOptions.UnionMode.LITE
					? perImage.matMul(columnCategories).gt(0).toType(DataType.FLOAT32, false).mul(count.expandDims(2)).sum(new int[] {0})
					: count.transpose().matMul(present);
				add(intersection, first, perImage.sum(new int[] {0}).toFloatArray(), concepts.labels);
				add(activation, first, counted.toFloatArray(), null);
				float[] totals = count.sum(new int[] {0}).toFloatArray();
				for (int u = first; u < end; u++) activePixels[u] += (long) totals[u - first];
			}
		}
	}

	/** Adds a (units × columns) block into {@code target} rows from {@code firstUnit}, columns mapped by {@code labels}. */
	private static void add(long[][] target, int firstUnit, float[] block, int[] labels) {
		int columns = labels == null ? target[0].length : labels.length;
		for (int i = 0; i < block.length; i++) {
			int column = labels == null ? i % columns : labels[i % columns];
			target[firstUnit + i / columns][column] += (long) block[i];
		}
	}

	/** The (out × in) resampling matrix on {@code scope}, or null when no resampling is needed. */
	private static NDArray resize(NDManager scope, int in, int out) {
		if (in == out) return null;
		return scope.create(PillowResize.matrix(in, out), new Shape(out, in)).toType(DataType.FLOAT32, false);
	}
}
