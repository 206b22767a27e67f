
package io.github.rosettaneurons.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.ModelManifest;

class PreprocessorTest {

	private static NDManager manager;

	@TempDir
	Path folder;

	@BeforeAll
	static void engine() {
		manager = DjlEnvironment.engine().newBaseManager();
	}

	@AfterAll
	static void close() {
		manager.close();
	}

	private ModelManifest manifest(int channels, int size, String preprocessing)
		throws IOException
	{
		Path file = folder.resolve("rdf.yaml");
		Files.writeString(file, String.join("\n", "name: pre", "inputs:",
			"  - axes: bcyx", "    shape: [1, " + channels + ", " + size + ", " +
				size + "]", preprocessing,
			"weights: {torchscript: {source: w.pt, sha256: " + "a".repeat(64) + "}}",
			"config: {rosetta: {role: encoder, layers: [{name: a}]}}", ""));
		return ModelManifest.read(file);
	}

	private static final String MEAN_STD =
		"    preprocessing: [{id: fixed_zero_mean_unit_variance, kwargs: " +
			"{mean: [0.5, 0.25, 0.0], std: [0.5, 0.25, 2.0]}}]";

	private float[] input(ModelManifest manifest, SourceImage image) {
		try (NDManager scope = manager.newSubManager()) {
			NDArray batch = new Preprocessor(manifest).toBatch(scope, List.of(image));
			assertEquals(manifest.channels(), batch.getShape().get(1));
			return batch.toFloatArray();
		}
	}

	@Test
	void eightBitGreyIsScaledRepeatedAndNormalisedPerChannel()
		throws IOException
	{
		ByteProcessor grey = new ByteProcessor(2, 2, new byte[] { 0, (byte) 51,
			(byte) 102, (byte) 255 });
		float[] x = input(manifest(3, 2, MEAN_STD), SourceImage.of("grey", List.of(
			grey)));
		float[] unit = { 0f, 0.2f, 0.4f, 1f };
		float[] mean = { 0.5f, 0.25f, 0f };
		float[] std = { 0.5f, 0.25f, 2f };
		for (int c = 0; c < 3; c++)
			for (int i = 0; i < 4; i++)
				assertEquals((unit[i] - mean[c]) / std[c], x[c * 4 + i], 1e-6, "c" + c +
					" i" + i);
	}

	@Test
	void sixteenAndThirtyTwoBitUseTheirRange() throws IOException {
		ModelManifest plain = manifest(1, 2, "");
		ShortProcessor sixteen = new ShortProcessor(2, 2, new short[] { 0,
			(short) 65535, (short) 32768, 655 }, null);
		assertArrayEquals(new float[] { 0f, 1f, 32768f / 65535, 655f / 65535 },
			input(plain, SourceImage.of("16", List.of(sixteen))), 1e-6f);
		FloatProcessor real = new FloatProcessor(2, 2, new float[] { -3f, 0.5f, 7f,
			100f });
		assertArrayEquals(new float[] { -3f, 0.5f, 7f, 100f }, input(plain,
			SourceImage.of("32", List.of(real))), 1e-6f);
	}

	@Test
	void rgbGivesThreeChannelsInOrder() throws IOException {
		ColorProcessor rgb = new ColorProcessor(1, 1, new int[] { (255 << 16) |
			(51 << 8) | 102 });
		assertArrayEquals(new float[] { 1f, 0.2f, 0.4f }, input(manifest(3, 1, ""),
			SourceImage.of("rgb", List.of(rgb))), 1e-6f);
	}

	@Test
	void hyperstackChannelsAreTheImageChannels() throws IOException {
		ImageStack stack = new ImageStack(1, 1);
		for (int c = 0; c < 3; c++)
			stack.addSlice(new ByteProcessor(1, 1, new byte[] { (byte) (c * 100) }));
		ImagePlus hyperstack = new ImagePlus("hs", stack);
		hyperstack.setDimensions(3, 1, 1);
		StackSource source = new StackSource(hyperstack);
		assertEquals(1, source.size());
		assertArrayEquals(new float[] { 0f, 100f / 255, 200f / 255 }, input(
			manifest(3, 1, ""), source.get(0)), 1e-6f);
	}

	@Test
	void wrongChannelCountIsExplained() throws IOException {
		SourceImage twoChannels = SourceImage.of("cells.tif", List.of(
			new ByteProcessor(2, 2), new ByteProcessor(2, 2)));
		ModelManifest rgbModel = manifest(3, 2, "");
		String message = assertThrows(IllegalArgumentException.class, () -> input(
			rgbModel, twoChannels)).getMessage();
		assertTrue(message.contains("'cells.tif' has 2 channels") && message
			.contains("expects 3 (RGB)"), message);
	}

	@Test
	void resizesBilinearlyToTheModelSize() throws IOException {
		FloatProcessor ramp = new FloatProcessor(8, 8);
		for (int y = 0; y < 8; y++)
			for (int x = 0; x < 8; x++)
				ramp.setf(x, y, x);
		float[] x = input(manifest(1, 4, ""), SourceImage.of("ramp", List.of(
			ramp)));
		assertEquals(16, x.length);
		for (int row = 0; row < 4; row++) {
			for (int col = 1; col < 4; col++)
				assertTrue(x[row * 4 + col] > x[row * 4 + col - 1],
					"ramp stays increasing");
			assertEquals(x[0], x[row * 4], 1e-6, "rows stay equal");
		}
	}

	@Test
	void perSampleStandardisationGivesZeroMeanUnitVariance() throws IOException {
		FloatProcessor values = new FloatProcessor(2, 2, new float[] { 1f, 2f, 3f,
			10f });
		float[] x = input(manifest(1, 2,
			"    preprocessing: [{id: zero_mean_unit_variance}]"), SourceImage.of("v",
				List.of(values)));
		double mean = 0;
		double square = 0;
		for (float v : x) {
			mean += v / 4.0;
			square += v * v / 4.0;
		}
		assertEquals(0, mean, 1e-5);
		assertEquals(1, square, 1e-4);
	}
}
