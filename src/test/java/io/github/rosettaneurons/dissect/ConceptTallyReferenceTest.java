
package io.github.rosettaneurons.dissect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.data.ConceptLabel;
import io.github.rosettaneurons.data.ConceptMasks;
import io.github.rosettaneurons.engine.DjlEnvironment;

/**
 * The engine tally against a plain per-pixel tally (double-precision Pillow
 * upsampling, no max gate, label by label counting) on the sample concept set's
 * masks and seeded random 5 x 5 maps, in both union modes. The thresholds are
 * kept clear of every upsampled value, so float32 rounding cannot decide a
 * pixel.
 */
class ConceptTallyReferenceTest {

	private static final int IMAGES = 12;
	private static final int BATCH = 5;
	private static final int UNITS = 7;
	private static final int GRID = 5;

	@Test
	void engineTallyEqualsPlainCounting() {
		BrodenDataset dataset = BrodenDataset.open(DissectZooTest.CONCEPTS);
		List<String> categories = dataset.categories();
		int[] primary = new int[dataset.maxLabel() + 1];
		Arrays.fill(primary, -1);
		for (ConceptLabel label : dataset.labels())
			if (label.primaryCategory() != null) primary[label.number()] = categories
				.indexOf(label.primaryCategory());
		List<ConceptMasks> masks = new ArrayList<>();
		for (int i = 0; i < IMAGES; i++)
			masks.add(dataset.readMasks(i));
		int height = masks.get(0).height();
		int width = masks.get(0).width();
		Random random = new Random(15);
		float[] maps = new float[IMAGES * UNITS * GRID * GRID];
		for (int i = 0; i < maps.length; i++)
			maps[i] = (float) random.nextGaussian();
		// unit 0 always active, unit 1 never, the others at levels that gate some
		// (image, unit) pairs out
		float[] thresholds = { -10f, 10f, 0.5f, 1.0f, 1.5f, 2.0f, 1.2f };
		double[][] upsampled = upsample(maps, height, width);
		double margin = Double.MAX_VALUE;
		for (int m = 0; m < upsampled.length; m++)
			for (double value : upsampled[m])
				margin = Math.min(margin, Math.abs(value - thresholds[m % UNITS]));
		assertTrue(margin > 1e-5, "test maps must keep clear of the thresholds: " +
			margin);

		for (DissectOptions.UnionMode union : DissectOptions.UnionMode.values()) {
			ConceptTally engine = new ConceptTally(thresholds, union, dataset
				.maxLabel(), categories.size());
			try (NDManager scope = DjlEnvironment.engine().newBaseManager()) {
				for (int first = 0; first < IMAGES; first += BATCH) {
					int count = Math.min(BATCH, IMAGES - first);
					float[] batch = Arrays.copyOfRange(maps, first * UNITS * GRID * GRID,
						(first + count) * UNITS * GRID * GRID);
					engine.add(scope, scope.create(batch, new Shape(count, UNITS, GRID,
						GRID)), new ConceptBatch(masks.subList(first, first + count),
							primary, categories.size()));
				}
			}
			long[][] intersection = new long[UNITS][dataset.maxLabel() + 1];
			long[][] activation = new long[UNITS][categories.size()];
			long[] truth = new long[dataset.maxLabel() + 1];
			for (int i = 0; i < IMAGES; i++) {
				ConceptMasks image = masks.get(i);
				int pixels = image.width() * image.height();
				for (ConceptMasks.Layer layer : image.layers())
					for (int label : layer.labels())
						if (label != 0) truth[label]++;
				for (ConceptMasks.ImageLabel label : image.imageLabels())
					if (label.label() != 0) truth[label.label()] += pixels;
				for (int u = 0; u < UNITS; u++) {
					boolean[] active = new boolean[pixels];
					long activeCount = 0;
					for (int p = 0; p < pixels; p++)
						if (active[p] = upsampled[i * UNITS + u][p] > thresholds[u])
							activeCount++;
					long[] hits = new long[dataset.maxLabel() + 1];
					boolean[] present = new boolean[categories.size()];
					for (ConceptMasks.Layer layer : image.layers())
						for (int p = 0; p < pixels; p++) {
							int label = layer.labels()[p];
							if (label == 0) continue;
							if (active[p]) hits[label]++;
							if (primary[label] >= 0) present[primary[label]] = true;
						}
					for (ConceptMasks.ImageLabel label : image.imageLabels())
						if (label.label() != 0) {
							hits[label.label()] += activeCount;
							if (primary[label.label()] >= 0) present[primary[label.label()]] =
								true;
						}
					boolean[] overlaps = new boolean[categories.size()];
					for (int l = 0; l < hits.length; l++) {
						intersection[u][l] += hits[l];
						if (hits[l] > 0 && primary[l] >= 0) overlaps[primary[l]] = true;
					}
					for (int c = 0; c < categories.size(); c++)
						if (union == DissectOptions.UnionMode.LITE ? overlaps[c]
							: present[c]) activation[u][c] += activeCount;
				}
			}
			assertArrayEquals(truth, engine.truth, union + " truth");
			for (int u = 0; u < UNITS; u++) {
				assertArrayEquals(intersection[u], engine.intersection[u], union +
					" intersection of unit " + u);
				assertArrayEquals(activation[u], engine.activation[u], union +
					" activation of unit " + u);
			}
			assertTrue(Arrays.stream(engine.intersection[3]).sum() > 0,
				"a gated unit still has hits");
		}
	}

	/**
	 * Per (image, unit) map, Pillow's bilinear upsampling to the masks' grid in
	 * double precision.
	 */
	private static double[][] upsample(float[] maps, int height, int width) {
		double[] rows = PillowResize.matrix(GRID, height);
		double[] columns = PillowResize.matrix(GRID, width);
		double[][] result = new double[maps.length / (GRID * GRID)][height * width];
		for (int m = 0; m < result.length; m++)
			for (int y = 0; y < height; y++)
				for (int x = 0; x < width; x++) {
					double value = 0;
					for (int i = 0; i < GRID; i++)
						for (int j = 0; j < GRID; j++)
							value += rows[y * GRID + i] * maps[m * GRID * GRID + i * GRID +
								j] * columns[x * GRID + j];
					result[m][y * width + x] = value;
				}
		return result;
	}
}
