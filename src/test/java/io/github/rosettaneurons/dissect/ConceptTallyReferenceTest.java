
package io.github.rosettaneurons.dissect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.data.ConceptLabel;
import io.github.rosettaneurons.data.ConceptMasks;
import io.github.rosettaneurons.engine.DjlEnvironment;

/**
 * The engine tally against a plain per-pixel tally (double-precision Pillow
 * upsampling, no max gate, label by label counting) on the sample concept set's
 * masks and seeded random maps, in both union modes.
 */
class ConceptTallyReferenceTest {

	private static final int IMAGES = 12;
	private static final int BATCH = 5;

	private final BrodenDataset dataset = BrodenDataset.open(
		DissectZooTest.CONCEPTS);
	private final List<String> categories = dataset.categories();
	private final int[] primary = primaryCategories();
	private final List<ConceptMasks> masks = masks();
	private final int height = masks.get(0).height();
	private final int width = masks.get(0).width();

	/**
	 * Both kernels, with thresholds kept clear of every upsampled value so that
	 * float32 rounding cannot decide a pixel.
	 */
	@ParameterizedTest
	@EnumSource(TallyKernel.class)
	void tallyEqualsPlainCounting(TallyKernel kernel) {
		int grid = 5;
		assertTrue(CellHits.applies(grid, grid, height, width),
			"the automatic kernel must use cells here");
		Random random = new Random(15);
		float[] maps = new float[IMAGES * 7 * grid * grid];
		for (int i = 0; i < maps.length; i++)
			maps[i] = (float) random.nextGaussian();
		// unit 0 always active, unit 1 never, the others at levels that gate some
		// (image, unit) pairs out
		float[] thresholds = { -10f, 10f, 0.5f, 1.0f, 1.5f, 2.0f, 1.2f };
		double[][] upsampled = upsample(maps, grid, grid);
		double margin = Double.MAX_VALUE;
		for (int m = 0; m < upsampled.length; m++)
			for (double value : upsampled[m])
				margin = Math.min(margin, Math.abs(value - thresholds[m %
					thresholds.length]));
		assertTrue(margin > 1e-5, "test maps must keep clear of the thresholds: " +
			margin);
		for (DissectOptions.UnionMode union : DissectOptions.UnionMode.values()) {
			ConceptTally engine = tally(kernel, union, maps, thresholds, grid, grid);
			assertEqualsPlain(union, engine, upsampled, thresholds);
			assertTrue(Arrays.stream(engine.intersection[3]).sum() > 0,
				"a gated unit still has hits");
		}
	}

	/**
	 * The cell kernel computes in float64, so it stays exact where float32 could
	 * not: rectified maps of another grid (ties at zero), thresholds at the maps'
	 * own values and at zero, and no margin.
	 */
	@Test
	void cellTallyEqualsPlainCountingAtTheMapsOwnValues() {
		int gridH = 7, gridW = 6;
		Random random = new Random(16);
		int units = 6;
		float[] maps = new float[IMAGES * units * gridH * gridW];
		for (int i = 0; i < maps.length; i++)
			maps[i] = (float) Math.max(0, random.nextGaussian());
		float[] thresholds = new float[units];
		for (int u = 0; u < units; u++)
			thresholds[u] = u == 0 ? 0 : maps[(u * 13 % IMAGES * units + u) * gridH *
				gridW + u * 5];
		double[][] upsampled = upsample(maps, gridH, gridW);
		for (DissectOptions.UnionMode union : DissectOptions.UnionMode.values())
			assertEqualsPlain(union, tally(TallyKernel.AUTOMATIC, union, maps,
				thresholds, gridH, gridW), upsampled, thresholds);
	}

	private ConceptTally tally(TallyKernel kernel, DissectOptions.UnionMode union,
		float[] maps, float[] thresholds, int gridH, int gridW)
	{
		int units = thresholds.length;
		int perImage = units * gridH * gridW;
		ConceptTally engine = new ConceptTally(thresholds, union, dataset
			.maxLabel(), categories.size(), kernel);
		try (NDManager scope = DjlEnvironment.engine().newBaseManager()) {
			for (int first = 0; first < IMAGES; first += BATCH) {
				int count = Math.min(BATCH, IMAGES - first);
				float[] batch = Arrays.copyOfRange(maps, first * perImage, (first +
					count) * perImage);
				engine.add(scope, scope.create(batch, new Shape(count, units, gridH,
					gridW)), new ConceptBatch(masks.subList(first, first + count),
						primary, categories.size()));
			}
		}
		return engine;
	}

	private void assertEqualsPlain(DissectOptions.UnionMode union,
		ConceptTally engine, double[][] upsampled, float[] thresholds)
	{
		int units = thresholds.length;
		long[][] intersection = new long[units][dataset.maxLabel() + 1];
		long[][] activation = new long[units][categories.size()];
		long[] truth = new long[dataset.maxLabel() + 1];
		for (int i = 0; i < IMAGES; i++) {
			ConceptMasks image = masks.get(i);
			int pixels = image.width() * image.height();
			for (ConceptMasks.Layer layer : image.layers())
				for (int label : layer.labels())
					if (label != 0) truth[label]++;
			for (ConceptMasks.ImageLabel label : image.imageLabels())
				if (label.label() != 0) truth[label.label()] += pixels;
			for (int u = 0; u < units; u++) {
				boolean[] active = new boolean[pixels];
				long activeCount = 0;
				for (int p = 0; p < pixels; p++)
					if (active[p] = upsampled[i * units + u][p] > thresholds[u])
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
					if (union == DissectOptions.UnionMode.LITE ? overlaps[c] : present[c])
						activation[u][c] += activeCount;
			}
		}
		assertArrayEquals(truth, engine.truth, union + " truth");
		for (int u = 0; u < units; u++) {
			assertArrayEquals(intersection[u], engine.intersection[u], union +
				" intersection of unit " + u);
			assertArrayEquals(activation[u], engine.activation[u], union +
				" activation of unit " + u);
		}
	}

	/**
	 * Per (image, unit) map, Pillow's bilinear upsampling to the masks' grid in
	 * double precision.
	 */
	private double[][] upsample(float[] maps, int gridH, int gridW) {
		double[] rows = PillowResize.matrix(gridH, height);
		double[] columns = PillowResize.matrix(gridW, width);
		int mapPixels = gridH * gridW;
		double[][] result = new double[maps.length / mapPixels][height * width];
		for (int m = 0; m < result.length; m++)
			for (int y = 0; y < height; y++)
				for (int x = 0; x < width; x++) {
					double value = 0;
					for (int i = 0; i < gridH; i++)
						for (int j = 0; j < gridW; j++)
							value += rows[y * gridH + i] * maps[m * mapPixels + i * gridW +
								j] * columns[x * gridW + j];
					result[m][y * width + x] = value;
				}
		return result;
	}

	private int[] primaryCategories() {
		int[] result = new int[dataset.maxLabel() + 1];
		Arrays.fill(result, -1);
		for (ConceptLabel label : dataset.labels())
			if (label.primaryCategory() != null) result[label.number()] = categories
				.indexOf(label.primaryCategory());
		return result;
	}

	private List<ConceptMasks> masks() {
		List<ConceptMasks> result = new ArrayList<>();
		for (int i = 0; i < IMAGES; i++)
			result.add(dataset.readMasks(i));
		return result;
	}
}
