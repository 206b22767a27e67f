
package io.github.rosettaneurons.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.FolderSource;
import io.github.rosettaneurons.data.GeneratorSource;
import io.github.rosettaneurons.data.Preprocessor;
import io.github.rosettaneurons.data.SourceImage;

/**
 * Every package of the sample zoo loads and reproduces the values Python
 * computed when it exported the package (test-io.json: shapes, sums and single
 * values of each layer for a fixed input), so the Java path (manifest,
 * preprocessing, TorchScript call, token folding) is checked against an
 * independent computation.
 */
class ZooTest {

	static List<Path> packages() {
		return TestZoo.packages();
	}

	private static JsonObject expected(Path folder) throws IOException {
		return JsonParser.parseString(Files.readString(folder.resolve(
			"test-io.json"))).getAsJsonObject();
	}

	private static long[] longs(JsonArray array) {
		long[] values = new long[array.size()];
		for (int i = 0; i < values.length; i++)
			values[i] = array.get(i).getAsLong();
		return values;
	}

	/**
	 * Shape, sum, mean and listed values of {@code actual} against one
	 * test-io.json entry.
	 */
	static void check(String what, JsonObject expected, NDArray actual,
		double tolerance)
	{
		assertArrayEquals(longs(expected.getAsJsonArray("shape")), actual.getShape()
			.getShape(), what + " shape");
		double sum = expected.get("sum").getAsDouble();
		double scale = Math.max(1, expected.get("abs_max").getAsDouble() * actual
			.getShape().size() * 1e-3);
		assertEquals(sum, actual.toType(ai.djl.ndarray.types.DataType.FLOAT64,
			false).sum().getDouble(), tolerance * scale + Math.abs(sum) * tolerance,
			what + " sum");
		for (JsonElement entry : expected.getAsJsonArray("values")) {
			JsonArray pair = entry.getAsJsonArray();
			long[] index = longs(pair.get(0).getAsJsonArray());
			double value = pair.get(1).getAsDouble();
			assertEquals(value, actual.getFloat(index), tolerance * Math.max(1, Math
				.abs(value)), what + " at " + java.util.Arrays.toString(index));
		}
	}

	@ParameterizedTest
	@MethodSource("packages")
	void packageReproducesItsExportedOutputs(Path folder) throws IOException {
		ModelPackage modelPackage = ModelPackage.open(folder);
		ModelManifest manifest = modelPackage.manifest();
		JsonObject expected = expected(folder);
		assertEquals(manifest.name(), expected.get("model").getAsString());
		assertEquals(manifest.weightsSha256(), expected.get("weights_sha256")
			.getAsString());
		assertFalse(manifest.layers().isEmpty());
		double tolerance = expected.get("tolerance_relative").getAsDouble();
		try (Network network = modelPackage.load();
				NDManager scope = network.newScope())
		{
			Map<String, NDArray> activations;
			if (manifest.role() == ModelRole.GENERATOR) {
				JsonObject input = expected.getAsJsonObject("input");
				NDArray z = scope.create(floats(input.getAsJsonArray("z")), new Shape(1,
					manifest.generator().latentSize()));
				NDArray y = scope.create(longs(input.getAsJsonArray("y")));
				Network.GeneratorOutput output = network.generate(z, y, manifest
					.layers());
				check(manifest.name() + " image", expected.getAsJsonObject("image"),
					output.image(), tolerance);
				activations = output.activations();
			}
			else {
				SourceImage image = new FolderSource(TestZoo.IMAGES).get(0);
				assertEquals("scene_0.png", image.name());
				NDArray input = new Preprocessor(manifest).toBatch(scope, List.of(
					image));
				check(manifest.name() + " input", expected.getAsJsonObject("input")
					.getAsJsonObject("tensor"), input, tolerance);
				activations = network.activations(input, manifest.allLayers());
			}
			JsonObject layers = expected.getAsJsonObject("layers");
			assertEquals(manifest.allLayers().size(), layers.size(),
				"every manifest layer was exported");
			for (LayerSpec layer : manifest.allLayers()) {
				JsonObject entry = layers.getAsJsonObject(layer.output());
				NDArray maps = activations.get(layer.output());
				assertEquals(4, maps.getShape().dimension(), layer.name() +
					" is a (B, C, h, w) map");
				if (layer.tokens()) checkFoldedTokens(manifest.name() + " " + layer
					.name(), entry, maps, tolerance);
				else check(manifest.name() + " " + layer.name(), entry, maps,
					tolerance);
			}
		}
	}

	/**
	 * Python recorded the raw (B, prefix + h*w, C) tokens; each token value must
	 * sit at its folded (B, C, y, x) place.
	 */
	private static void checkFoldedTokens(String what, JsonObject expected,
		NDArray folded, double tolerance)
	{
		assertArrayEquals(longs(expected.getAsJsonArray("folded_shape")), folded
			.getShape().getShape(), what + " folded shape");
		int prefix = expected.get("prefix_tokens").getAsInt();
		long side = folded.getShape().get(3);
		int checked = 0;
		for (JsonElement entry : expected.getAsJsonArray("values")) {
			long[] index = longs(entry.getAsJsonArray().get(0).getAsJsonArray());
			double value = entry.getAsJsonArray().get(1).getAsDouble();
			long token = index[1] - prefix;
			if (token < 0) continue;
			assertEquals(value, folded.getFloat(index[0], index[2], token / side,
				token % side), tolerance * Math.max(1, Math.abs(value)), what +
					" token " + index[1] + " channel " + index[2]);
			checked++;
		}
		assertTrue(checked > 0, what + ": some recorded tokens are spatial");
	}

	private static float[] floats(JsonArray array) {
		JsonArray flat = array.get(0).isJsonArray() ? array.get(0).getAsJsonArray()
			: array;
		float[] values = new float[flat.size()];
		for (int i = 0; i < values.length; i++)
			values[i] = flat.get(i).getAsFloat();
		return values;
	}

	@Test
	void zooHoldsTheModelsTheMethodsNeed() {
		List<String> names = packages().stream().map(p -> p.getFileName()
			.toString()).toList();
		for (String model : List.of("resnet-shapes", "vit-shapes",
			"autoencoder-encoder", "world-generator", "resnet-shapes-random",
			"vit-shapes-random"))
			assertTrue(names.contains(model), model + " in " + names);
		ModelManifest vit = TestZoo.open("vit-shapes").manifest();
		assertTrue(vit.layers().stream().allMatch(LayerSpec::tokens),
			"ViT layers are token sequences");
		assertEquals(ModelRole.ENCODER, TestZoo.open("autoencoder-encoder")
			.manifest().role());
		assertTrue(TestZoo.open("world-generator").manifest().generator()
			.conditional());
	}

	@Test
	void generatorSamplesAreReproducibleBySeed() {
		try (Network generator = TestZoo.open("world-generator").load()) {
			float[] first = pixels(new GeneratorSource(generator, 7, 3, -1).get(2));
			float[] again = pixels(new GeneratorSource(generator, 7, 5, -1).get(2));
			float[] otherSeed = pixels(new GeneratorSource(generator, 8, 3, -1).get(
				2));
			assertArrayEquals(first, again,
				"sample 2 of seed 7 does not depend on how many samples are drawn");
			assertFalse(java.util.Arrays.equals(first, otherSeed),
				"another seed gives another image");
			float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
			for (float v : first) {
				min = Math.min(min, v);
				max = Math.max(max, v);
			}
			assertTrue(min >= 0 && max <= 1 && max - min > 0.2,
				"a [0, 1] image with contrast: " + min + ".." + max);
		}
	}

	private static float[] pixels(SourceImage image) {
		float[] all = new float[image.channels().size() * image.width() * image
			.height()];
		for (int c = 0; c < image.channels().size(); c++)
			System.arraycopy((float[]) image.channels().get(c).getPixels(), 0, all,
				c * image.width() * image.height(), image.width() * image.height());
		return all;
	}

	@Test
	void gradientInstanceGivesInputGradientsAndInferenceInstanceRefuses() {
		ModelPackage modelPackage = TestZoo.open("resnet-shapes");
		LayerSpec layer = modelPackage.manifest().layer("layer2");
		try (Network gradients = modelPackage.load(ai.djl.Device.cpu(), true);
				NDManager scope = gradients.newScope())
		{
			NDArray input = new Preprocessor(modelPackage.manifest()).toBatch(scope,
				List.of(new FolderSource(TestZoo.IMAGES).get(0)));
			input.setRequiresGradient(true);
			NDArray gradient = gradients.withGradients(collector -> {
				NDArray maps = gradients.activations(input, List.of(layer)).get(layer
					.output());
				collector.backward(maps.get("0, :, 8, 8").sum());
				return input.getGradient().duplicate();
			});
			float[] values = gradient.abs().sum(new int[] { 0, 1 }).toFloatArray();
			int nonZero = 0;
			for (int y = 0; y < 64; y++)
				for (int x = 0; x < 64; x++) {
					if (values[y * 64 + x] == 0) continue;
					nonZero++;
					assertTrue(Math.abs(y - 33) < 24 && Math.abs(x - 33) < 24,
						"gradient stays in the receptive field: " + x + "," + y);
				}
			assertTrue(nonZero > 20, "the unit depends on its receptive field: " +
				nonZero);
		}
		try (Network inference = modelPackage.load()) {
			assertNotEquals(true, inference.forGradients());
			assertThrows(IllegalStateException.class, () -> inference.withGradients(
				c -> null));
		}
	}
}
