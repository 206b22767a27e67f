
package io.github.rosettaneurons.dissect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.BilinearResize;
import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.data.BrodenFormatException;
import io.github.rosettaneurons.data.ConceptLabel;
import io.github.rosettaneurons.data.ConceptMasks;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.Progress;

/**
 * The pieces of a dissection against values computed by hand, by sorting, or by
 * Pillow itself.
 */
class DissectMathsTest {

	private static NDManager manager;

	@TempDir
	Path folder;

	@BeforeAll
	static void engine() {
		manager = DjlEnvironment.engine().newBaseManager();
	}

	@AfterAll
	static void release() {
		manager.close();
	}

	@Test
	void resizeMatchesPillowsBilinearBothWays() {
		// Pillow 9 (Debian): Image.fromarray(a, 'F').resize(size, Image.BILINEAR)
		double[] row = { 0, 1, 4, 9, 16, 25, 36, 49 };
		assertArrayEquals(new double[] { 2.0526316165924072, 13.452381134033203,
			35.578948974609375 }, times(PillowResize.matrix(8, 3), 3, 8, row), 1e-5,
			"shrinking: the antialiased triangle filter");
		assertArrayEquals(new double[] { 0.0, 0.1428571492433548,
			0.5714285969734192, 1.0, 2.7142856121063232, 4.4285712242126465, 5.0 },
			times(PillowResize.matrix(3, 7), 7, 3, new double[] { 0, 1, 5 }), 1e-6,
			"enlarging");
		double[] square = new double[81];
		for (int i = 0; i < 81; i++)
			square[i] = Math.pow(i, 1.5);
		double[] r = PillowResize.matrix(9, 4);
		double[] resized = product(product(r, 4, 9, square, 9), 4, 9, transpose(r,
			4, 9), 4); // R · X · Rᵀ
		assertArrayEquals(new double[] { 29.952125549316406, 38.45344543457031,
			49.51362228393555, 60.31953430175781 }, Arrays.copyOfRange(resized, 0, 4),
			1e-4);
		assertArrayEquals(new double[] { 530.6188354492188, 555.3507080078125,
			583.7877197265625, 609.2860717773438 }, Arrays.copyOfRange(resized, 12,
				16), 1e-4);
		assertArrayEquals(BilinearResize.matrix(7, 112), PillowResize.matrix(7,
			112), 0);
	}

	@Test
	void thresholdIsTheExactQuantileOfSortedValues() {
		int images=130;int units=4;int side=8;Random random=new Random(7);float[]values=new float[images*units*side*side];for(int i=0;i<values.length;i++){int unit=i/(side*side)%units;double normal=random.nextGaussian();values[i]=switch(unit){case 0->(float)normal;case 1->(float)Math.max(0,normal); // ReLU:
																																																																																																																																																				// half
																																																																																																																																																				// the
																																																																																																																																																				// values
																																																																																																																																																				// tie
																																																																																																																																																				// at
																																																																																																																																																				// 0
		case 2->0.25f; // dead unit: all equal
		default->(float)Math.round(Math.exp(2*normal)); // heavy tail with many ties
		};}List<Double>levels=List.of(994/999.0,0.995,0.5,0.99999);try(ActivationCache cache=new ActivationCache(folder.resolve("cache.f32"),units,side,side)){for(int first=0;first<images;first+=32){int count=Math.min(32,images-first);cache.append(manager.create(Arrays.copyOfRange(values,first*units*side*side,(first+count)*units*side*side),new Shape(count,units,side,side)));}assertEquals(8320,images*side*side,"more values per unit than the bracket cap: narrowing passes run");for(double level:levels){float[]thresholds=UnitQuantile.compute(cache,level,manager,Progress.NONE);for(int unit=0;unit<units;unit++)assertEquals(sortedQuantile(values,unit,units,side*side,level),thresholds[unit],0,"unit "+unit+" at level "+level);}}
	}

	/**
	 * numpy.percentile's default ("linear") of one unit's values, by sorting them
	 * all.
	 */
	private static float sortedQuantile(float[] values, int unit, int units,
		int plane, double level)
	{
		int images = values.length / (units * plane);
		float[] mine = new float[images * plane];
		for (int i = 0; i < images; i++)
			System.arraycopy(values, (i * units + unit) * plane, mine, i * plane,
				plane);
		Arrays.sort(mine);
		double rank = level * (mine.length - 1);
		int low = (int) Math.floor(rank);
		int high = Math.min(low + 1, mine.length - 1);
		return (float) (mine[low] + (rank - low) * (mine[high] -
			(double) mine[low]));
	}

	/**
	 * Two images, one unit with 2×2 maps upsampled to 4×4 masks. Along each axis
	 * the half-pixel bilinear weights of map cell 0 on mask cells 0..3 are 1,
	 * 0.75, 0.25, 0; so a map that is 1 in one corner cell and 0 elsewhere
	 * exceeds 0.5 exactly on the 2×2 mask block at that corner (1·1, 1·0.75,
	 * 0.75·0.75 = 0.5625 > 0.5 > 0.1875). Image 0: unit fires top-left; object
	 * label 5 covers the left two columns (8 px); texture 14 is image-level.
	 * Image 1: unit fires bottom-right; label 5 covers only the top-left pixel,
	 * so the active pixels miss every object label of that image.
	 */
	@Test
	void iouOfAHandMadeCase() {
		int[] objectImage0 = new int[16];
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 2; x++)
				objectImage0[y * 4 + x] = 5;
		int[] objectImage1 = new int[16];
		objectImage1[0] = 5;
		List<ConceptMasks> masks = List.of(new ConceptMasks(4, 4, List.of(
			new ConceptMasks.Layer("object", objectImage0)), List.of(
				new ConceptMasks.ImageLabel("texture", 14))), new ConceptMasks(4, 4,
					List.of(new ConceptMasks.Layer("object", objectImage1)), List.of()));
		int[] primary = new int[15];
		Arrays.fill(primary, -1);
		primary[5] = 0;
		primary[14] = 1;
		List<String> categories = List.of("object", "texture");
		List<ConceptLabel> labels = List.of(new ConceptLabel(5, "circle", "object",
			2, 0.5), new ConceptLabel(14, "plain", "texture", 1, 1));
		float[] maps = { 1, 0, 0, 0, /* image 1 */ 0, 0, 0, 1 };

		// Lite: image 1's 4 active pixels touch no object label, so they are not in
		// the object union
		UnitResult lite = tally(DissectOptions.UnionMode.LITE, maps, masks, primary,
			categories, labels);
		CategoryScore object = lite.categories().get(0);
		assertEquals(labels.get(0), object.label());
		assertEquals(4, object.intersection());
		assertEquals(9, object.truth());
		assertEquals(4, object.activation());
		assertEquals(4.0 / (4 + 9 - 4), object.iou(), 1e-9);
		CategoryScore texture = lite.categories().get(1);
		assertEquals(16, texture.truth(),
			"an image-level label covers the whole mask");
		assertEquals(4, texture.intersection());
		assertEquals(4.0 / (4 + 16 - 4), texture.iou(), 1e-9);
		assertEquals("object", lite.category());
		assertEquals(4.0 / 9, lite.score(), 1e-9);

		// Original NetDissect: image 1 has an object label, so all 8 active pixels
		// count in the object union
		UnitResult original = tally(DissectOptions.UnionMode.ORIGINAL, maps, masks,
			primary, categories, labels);
		assertEquals(8, original.categories().get(0).activation());
		assertEquals(4.0 / (8 + 9 - 4), original.categories().get(0).iou(), 1e-9);
		assertEquals(4, original.categories().get(1).activation(),
			"image 1 has no texture label");
	}

	/**
	 * Same masks; the unit fires only top-right of image 0, where no object label
	 * lies (texture covers all).
	 */
	@Test
	void aCategoryWhoseLabelsAllScoreZeroHasNoLabel() {
		int[] objectImage0 = new int[16];
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 2; x++)
				objectImage0[y * 4 + x] = 5;
		List<ConceptMasks> masks = List.of(new ConceptMasks(4, 4, List.of(
			new ConceptMasks.Layer("object", objectImage0)), List.of(
				new ConceptMasks.ImageLabel("texture", 14))), new ConceptMasks(4, 4,
					List.of(new ConceptMasks.Layer("object", new int[16])), List.of()));
		int[] primary = new int[15];
		Arrays.fill(primary, -1);
		primary[5] = 0;
		primary[14] = 1;
		List<ConceptLabel> labels = List.of(new ConceptLabel(5, "circle", "object",
			1, 0.5), new ConceptLabel(14, "plain", "texture", 1, 1));
		UnitResult unit = tally(DissectOptions.UnionMode.LITE, new float[] { 0, 1,
			0, 0, /* image 1 */ 0, 0, 0, 0 }, masks, primary, List.of("object",
				"texture"), labels);
		CategoryScore object = unit.categories().get(0);
		assertEquals(0, object.intersection(),
			"the active pixels miss the object label");
		assertNull(object.label(),
			"an all-zero category reports an empty label, as the reference");
		assertEquals(labels.get(1), unit.label(), "the texture overlaps: 4 / 16");
		assertEquals(4.0 / 16, unit.score(), 1e-9);
	}

	@Test
	void referenceLevelTruncatesLikeNetDissect() {
		DissectOptions options = DissectOptions.defaults();
		assertEquals(994 / 999.0, options.level(), 0);
		assertEquals(996 / 999.0, options.withQuantile(0.0025,
			DissectOptions.LevelRule.REFERENCE).level(), 0,
			"int(1000 * 0.9975 - 1) = int(996.5)");
		assertEquals(928 / 999.0, options.withQuantile(0.07,
			DissectOptions.LevelRule.REFERENCE).level(), 0,
			"1 - 0.07 is 0.92999... in floating point: int(928.99...)");
		assertEquals(0.93, options.withQuantile(0.07,
			DissectOptions.LevelRule.EXACT).level(), 1e-15);
	}

	private static UnitResult tally(DissectOptions.UnionMode union, float[] maps,
		List<ConceptMasks> masks, int[] primary, List<String> categories,
		List<ConceptLabel> labels)
	{
		float[] thresholds = { 0.5f };
		ConceptTally tally = new ConceptTally(thresholds, union, 14, categories
			.size());
		try (NDManager scope = manager.newSubManager()) {
			NDArray batch = scope.create(maps, new Shape(2, 1, 2, 2));
			tally.add(scope, batch, new ConceptBatch(masks, primary, categories
				.size()));
		}
		return UnitScoring.score(tally, categories, labels, thresholds,
			new int[][] { { 0, 1 } }).get(0);
	}

	@Test
	void resizeBandsRebuildTheBilinearMatrixRowByRow() {
		for (int[] size : new int[][] { { 7, 112 }, { 5, 64 }, { 6, 13 }, { 3, 7 },
			{ 14, 112 } })
		{
			int in = size[0], out = size[1];
			ResizeBands bands = ResizeBands.enlarging(in, out);
			double[] rebuilt = new double[out * in];
			int next = 0;
			for (int b = 0; b < bands.count; b++) {
				assertEquals(next, bands.start[b], "bands follow each other");
				assertTrue(bands.high[b] - bands.low[b] <= 1);
				for (int i = 0; i < bands.length[b]; i++) {
					int y = bands.start[b] + i;
					rebuilt[y * in + bands.low[b]] += bands.lowWeight[b][i];
					if (bands.high[b] != bands.low[b]) rebuilt[y * in + bands.high[b]] +=
						bands.highWeight[b][i];
				}
				next += bands.length[b];
			}
			assertEquals(out, next, in + " to " + out + ": every row in a band");
			assertArrayEquals(BilinearResize.matrix(in, out), rebuilt, in + " to " +
				out);
		}
		assertEquals(8, ResizeBands.enlarging(7, 112).count,
			"7 to 112: two clamped edge bands and six between neighbours");
		assertThrows(IllegalArgumentException.class, () -> ResizeBands.enlarging(8,
			4));
	}

	@Test
	void aMissingMaskStopsTheBatchesWithItsOwnMessage() throws IOException {
		Path copy = folder.resolve("concepts");
		Files.createDirectories(copy);
		for (String file : List.of("category.csv", "label.csv", "c_color.csv",
			"c_object.csv", "c_part.csv", "c_texture.csv"))
			Files.copy(DissectZooTest.CONCEPTS.resolve(file), copy.resolve(file));
		Files.createSymbolicLink(copy.resolve("images"), DissectZooTest.CONCEPTS
			.resolve("images").toAbsolutePath());
		List<String> index = Files.readAllLines(DissectZooTest.CONCEPTS.resolve(
			"index.csv")).subList(0, 11);
		index.set(10, index.get(10).replace("0009_part.png", "0009_gone.png"));
		Files.write(copy.resolve("index.csv"), index);
		BrodenDataset dataset = BrodenDataset.open(copy);
		int[] primary = new int[dataset.maxLabel() + 1];
		try (ConceptBatches batches = new ConceptBatches(dataset, 4, primary, 1)) {
			assertEquals(0, batches.next().first());
			assertEquals(4, batches.next().first());
			BrodenFormatException missing = assertThrows(BrodenFormatException.class,
				batches::next, "the reader thread's exception reaches the caller");
			assertTrue(missing.getMessage().contains("0009_gone.png is missing"),
				missing.getMessage());
		}
		finally {
			Files.delete(copy.resolve("images")); // the link, not the sample set
		}
	}

	private static double[] times(double[] matrix, int rows, int columns,
		double[] vector)
	{
		double[] result = new double[rows];
		for (int r = 0; r < rows; r++)
			for (int c = 0; c < columns; c++)
				result[r] += matrix[r * columns + c] * vector[c];
		return result;
	}

	private static double[] product(double[] a, int rows, int inner, double[] b,
		int columns)
	{
		double[] result = new double[rows * columns];
		for (int r = 0; r < rows; r++)
			for (int k = 0; k < inner; k++)
				for (int c = 0; c < columns; c++)
					result[r * columns + c] += a[r * inner + k] * b[k * columns + c];
		return result;
	}

	private static double[] transpose(double[] matrix, int rows, int columns) {
		double[] result = new double[matrix.length];
		for (int r = 0; r < rows; r++)
			for (int c = 0; c < columns; c++)
				result[c * rows + r] = matrix[r * columns + c];
		return result;
	}
}
