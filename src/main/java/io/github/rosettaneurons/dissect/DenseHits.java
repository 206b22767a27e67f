
package io.github.rosettaneurons.dissect;

import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The tally's products from whole upsampled maps: each (image, unit) pair whose
 * map exceeds its threshold somewhere (the resampling weights are convex, so no
 * other pair can be active, the reference's gate) is upsampled to the
 * segmentation grid (Pillow bilinear as matrices, R_h · X · R_wᵀ, float32),
 * binarised, and multiplied with its image's count matrix, in steps of 1 M
 * upsampled values that stay in cache. Used where the masks do not enlarge the
 * maps enough for {@link CellHits}, and by benchmarks to compare with it.
 */
final class DenseHits implements PairHits {

	private static final long ELEMENTS_PER_STEP = 1L << 20;

	@Override
	public void compute(NDManager scope, NDArray maps, ConceptBatch concepts,
		float[] thresholds, Sink sink)
	{
		int units = thresholds.length;
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
					sink.accept(image, Arrays.copyOfRange(chunkPairs, start, end), hits);
					start = end;
				}
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
