
package io.github.rosettaneurons.dissect;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The dataset-wide counts behind one layer's IoUs (NetDissect §2.6): per unit
 * and label the intersection I[u, l] of the unit's active pixels with the
 * label's pixels, per unit and category the unit's active pixels A[u, c] in the
 * images that count for that category (see {@link DissectOptions.UnionMode}),
 * and per label its pixels G[l]. Each batch's maps are binarised at the unit
 * thresholds on the segmentation grid (Pillow bilinear) and counted against the
 * batch's label count matrices: by {@link CellHits} as runs of active pixels
 * along the mask rows where the masks enlarge the maps enough, by
 * {@link DenseHits} as products on the engine otherwise; only the (pairs ×
 * labels-of-the-image) counts are added into exact long counters.
 */
final class ConceptTally {

	private final float[] thresholds;
	private final DissectOptions.UnionMode union;
	private final TallyKernel kernel;
	private final int units;
	private final int categories;
	private final Map<List<Integer>, PairHits> kernels = new HashMap<>();
	final long[][] intersection;
	final long[][] activation;
	final long[] truth;

	ConceptTally(float[] thresholds, DissectOptions.UnionMode union, int maxLabel,
		int categories)
	{
		this(thresholds, union, maxLabel, categories, TallyKernel.AUTOMATIC);
	}

	ConceptTally(float[] thresholds, DissectOptions.UnionMode union, int maxLabel,
		int categories, TallyKernel kernel)
	{
		this.thresholds = thresholds.clone();
		this.union = union;
		this.kernel = kernel;
		this.units = thresholds.length;
		this.categories = categories;
		intersection = new long[units][maxLabel + 1];
		activation = new long[units][categories];
		truth = new long[maxLabel + 1];
	}

	/**
	 * Adds a batch: {@code maps} (images, units, h, w) of the images
	 * {@code concepts} describes. The products are small integers, exact in
	 * float32 whatever the summation order.
	 */
	void add(NDManager scope, NDArray maps, ConceptBatch concepts) {
		for (int c = 0; c < concepts.labels.length; c++)
			truth[concepts.labels[c]] += concepts.truth[c];
		int h = (int) maps.getShape().get(2);
		int w = (int) maps.getShape().get(3);
		PairHits products = kernels.computeIfAbsent(List.of(h, w, concepts.height,
			concepts.width), key -> kernel == TallyKernel.AUTOMATIC && CellHits
				.applies(h, w, concepts.height, concepts.width) ? new CellHits(h, w,
					concepts.height, concepts.width) : new DenseHits());
		products.compute(scope, maps, concepts, thresholds, (image, pairs,
			hits) -> add(pairs, image, hits, concepts));
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

	/** I, A and G as tables, for comparing two tallies. */
	long[][][] counts() {
		return new long[][][] { intersection, activation, { truth } };
	}
}
