
package io.github.rosettaneurons.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.Preprocessor;

/**
 * BioImage.IO 0.5 packages run in Java as their test tensors say: the zoo, a
 * package with only forward (its output is its one layer) and one converted by
 * tools/export_model.py --bioimageio (its inner layers). The two small packages
 * are made by tools/bioimageio_examples.py.
 */
class BioImageIoTest {

	static final Path EXAMPLES = Paths.get("src/test/resources/bioimageio")
		.toAbsolutePath();
	private static final double TOLERANCE = 1e-4;

	static List<Path> zoo() {
		return TestZoo.packages();
	}

	/**
	 * The test tensor files a manifest names for its inputs or outputs, in order.
	 */
	private static List<Path> testTensors(Path folder, String kind)
		throws IOException
	{
		Map<?, ?> root = new Yaml().load(Files.readString(folder.resolve(
			"rdf.yaml")));
		return ((List<?>) root.get(kind)).stream().map(tensor -> folder.resolve(
			(String) ((Map<?, ?>) ((Map<?, ?>) tensor).get("test_tensor")).get(
				"source"))).toList();
	}

	/**
	 * forward on the test inputs (images on [0, 1] preprocessed by the plugin)
	 * against the first test output.
	 */
	private static double forwardAgainstTestOutput(Network network,
		NDManager scope) throws IOException
	{
		Path folder = network.modelPackage().folder();
		NDList inputs = new NDList();
		for (Path file : testTensors(folder, "inputs"))
			inputs.add(NpyArrays.read(scope, file));
		if (network.manifest().role() != ModelRole.GENERATOR) inputs = new NDList(
			new Preprocessor(network.manifest()).fromTensor(scope, inputs.get(0)));
		NDArray output = network.invoke(ModelManifest.FORWARD_METHOD, inputs).get(
			0);
		return NpyArrays.relativeDifference(NpyArrays.read(scope, testTensors(
			folder, "outputs").get(0)), output);
	}

	@ParameterizedTest
	@MethodSource("zoo")
	void zooPackagesReproduceTheirTestTensors(Path folder) throws IOException {
		try (Network network = ModelPackage.open(folder).load();
				NDManager scope = network.newScope())
		{
			double difference = forwardAgainstTestOutput(network, scope);
			assertTrue(difference <= TOLERANCE, folder.getFileName() +
				": differs by " + difference);
		}
	}

	@Test
	void forwardOnlyPackageExposesItsOutputAsOneLayer() throws IOException {
		ModelPackage modelPackage = ModelPackage.open(EXAMPLES.resolve(
			"forward-only"));
		ModelManifest manifest = modelPackage.manifest();
		assertEquals(List.of(new LayerSpec("mask", "mask", false, 0)), manifest
			.layers());
		assertEquals(ModelRole.ENCODER, manifest.role());
		assertEquals(ModelManifest.FORWARD_METHOD, manifest.activationsMethod());
		assertEquals(List.of(1, 32, 32), List.of(manifest.channels(), manifest
			.height(), manifest.width()));
		assertTrue(manifest.preprocessing().perSampleStandardise());
		String note = manifest.forwardOnlyNote().orElseThrow();
		assertTrue(note.contains("only layer") && note.contains("--bioimageio " +
			modelPackage.folder()), note);
		try (Network network = modelPackage.load();
				NDManager scope = network.newScope())
		{
			NDArray pixels = NpyArrays.read(scope, testTensors(modelPackage.folder(),
				"inputs").get(0));
			Map<String, NDArray> layers = network.activations(new Preprocessor(
				manifest).fromTensor(scope, pixels), manifest.layers());
			NDArray expected = NpyArrays.read(scope, testTensors(modelPackage
				.folder(), "outputs").get(0));
			assertArrayEquals(expected.getShape().getShape(), layers.get("mask")
				.getShape().getShape());
			assertTrue(NpyArrays.relativeDifference(expected, layers.get(
				"mask")) <= TOLERANCE);
		}
		String unknown = assertThrows(ModelPackageException.class, () -> manifest
			.layer("down")).getMessage();
		assertTrue(unknown.contains("'down'") && unknown.contains("--bioimageio"),
			unknown);
	}

	@Test
	void forwardOnlyClassifierGivesItsScoresAsOneByOneMaps(@TempDir Path temp)
		throws IOException
	{
		Path copy = TestZoo.copy("resnet-shapes", temp.resolve("scores"));
		String yaml = Files.readString(copy.resolve("rdf.yaml"));
		Files.writeString(copy.resolve("rdf.yaml"), yaml.substring(0, yaml.indexOf(
			"\nconfig:") + 1));
		ModelPackage modelPackage = ModelPackage.open(copy);
		assertEquals(List.of("output"), modelPackage.manifest().layers().stream()
			.map(LayerSpec::name).toList());
		try (Network network = modelPackage.load();
				NDManager scope = network.newScope())
		{
			NDArray input = new Preprocessor(modelPackage.manifest()).fromTensor(
				scope, NpyArrays.read(scope, testTensors(copy, "inputs").get(0)));
			NDArray scores = network.activations(input, modelPackage.manifest()
				.layers()).get("output");
			assertArrayEquals(new long[] { 1, 4, 1, 1 }, scores.getShape()
				.getShape());
			NDArray expected = NpyArrays.read(scope, testTensors(copy, "outputs").get(
				0));
			assertTrue(NpyArrays.relativeDifference(expected, scores.reshape(1,
				4)) <= TOLERANCE);
		}
	}

	@Test
	void convertedPackageGivesItsInnerLayers() throws IOException {
		ModelPackage modelPackage = ModelPackage.open(EXAMPLES.resolve(
			"converted"));
		ModelManifest manifest = modelPackage.manifest();
		assertEquals(List.of("down", "bottom"), manifest.layers().stream().map(
			LayerSpec::name).toList());
		assertTrue(manifest.forwardOnlyNote().isEmpty());
		try (Network network = modelPackage.load();
				NDManager scope = network.newScope())
		{
			NDArray input = new Preprocessor(manifest).fromTensor(scope, NpyArrays
				.read(scope, testTensors(modelPackage.folder(), "inputs").get(0)));
			Map<String, NDArray> layers = network.activations(input, manifest
				.layers());
			assertArrayEquals(new long[] { 1, 4, 32, 32 }, layers.get("down")
				.getShape().getShape());
			assertArrayEquals(new long[] { 1, 8, 16, 16 }, layers.get("bottom")
				.getShape().getShape());
			assertTrue(forwardAgainstTestOutput(network, scope) <= TOLERANCE);
		}
	}
}
