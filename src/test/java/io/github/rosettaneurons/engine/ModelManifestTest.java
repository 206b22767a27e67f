
package io.github.rosettaneurons.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelManifestTest {

	private static final String SHA =
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

	static String valid() {
		return String.join("\n", "name: tiny", "description: a test", "inputs:",
			"  - id: image", "    axes: bcyx", "    shape: [1, 3, 32, 24]",
			"    preprocessing:", "      - id: fixed_zero_mean_unit_variance",
			"        kwargs: {mean: [0.1, 0.2, 0.3], std: [2, 4, 8]}", "weights:",
			"  torchscript: {source: weights.pt, sha256: " + SHA + "}", "config:",
			"  rosetta:", "    role: classifier", "    classes: [a, b]",
			"    layers:", "      - {name: features.3, output: f3}",
			"      - {name: blocks.1, tokens: true}", "");
	}

	@TempDir
	Path folder;

	private Path write(String yaml) throws IOException {
		Path file = folder.resolve("rdf.yaml");
		Files.writeString(file, yaml);
		return file;
	}

	private String error(String yaml) throws IOException {
		return errorReading(write(yaml));
	}

	/** The message reading {@code file} fails with, which must name the file. */
	private static String errorReading(Path file) {
		String message = assertThrows(ModelPackageException.class,
			() -> ModelManifest.read(file)).getMessage();
		assertTrue(message.startsWith(file.toString()), "message names the file: " +
			message);
		return message;
	}

	@Test
	void readsEveryField() throws IOException {
		ModelManifest manifest = ModelManifest.read(write(valid()));
		assertEquals("tiny", manifest.name());
		assertEquals(ModelRole.CLASSIFIER, manifest.role());
		assertEquals(3, manifest.channels());
		assertEquals(32, manifest.height());
		assertEquals(24, manifest.width());
		assertArrayEquals(new float[] { 0.1f, 0.2f, 0.3f }, manifest.preprocessing()
			.mean());
		assertArrayEquals(new float[] { 2, 4, 8 }, manifest.preprocessing().std());
		assertEquals("f3", manifest.layer("features.3").output());
		assertEquals("features.3", manifest.layer("f3").name());
		LayerSpec tokens = manifest.layer("blocks.1");
		assertTrue(tokens.tokens());
		assertEquals(1, tokens.prefixTokens());
		assertEquals("blocks.1", tokens.output());
		assertEquals(2, manifest.classNames().size());
		assertEquals("activations", manifest.activationsMethod());
		assertEquals(2, manifest.layers(" f3 , blocks.1").size());
		assertEquals(manifest.layers(), manifest.layers(""));
	}

	@Test
	void unknownLayerListsTheAvailableOnes() throws IOException {
		ModelManifest manifest = ModelManifest.read(write(valid()));
		String message = assertThrows(ModelPackageException.class, () -> manifest
			.layer("layer9")).getMessage();
		assertTrue(message.contains("'layer9'") && message.contains(
			"features.3, blocks.1"), message);
	}

	@Test
	void missingFieldIsNamedWithItsPath() throws IOException {
		String message = error(valid().replace("    role: classifier\n", ""));
		assertTrue(message.contains("'config.rosetta.role' is missing"), message);
	}

	@Test
	void badShaIsRejected() throws IOException {
		String message = error(valid().replace(SHA, "abc"));
		assertTrue(message.contains("weights.torchscript.sha256") && message
			.contains("sha256sum"), message);
	}

	@Test
	void unknownRoleSaysWhatIsAllowed() throws IOException {
		String message = error(valid().replace("role: classifier",
			"role: segmenter"));
		assertTrue(message.contains("config.rosetta.role") && message.contains(
			"classifier, encoder or generator"), message);
	}

	@Test
	void wrongAxesAreRejected() throws IOException {
		String message = error(valid().replace("axes: bcyx", "axes: byxc"));
		assertTrue(message.contains("inputs[0].axes") && message.contains("bcyx"),
			message);
	}

	@Test
	void meanNeedsOneValuePerChannel() throws IOException {
		String message = error(valid().replace("mean: [0.1, 0.2, 0.3]",
			"mean: [0.1]"));
		assertTrue(message.contains("preprocessing[0].kwargs.mean") && message
			.contains("3 channels"), message);
	}

	@Test
	void unsupportedPreprocessingIsNamed() throws IOException {
		String message = error(valid().replace("fixed_zero_mean_unit_variance",
			"scale_range"));
		assertTrue(message.contains("preprocessing[0].id") && message.contains(
			"scale_range"), message);
	}

	@Test
	void repeatedLayerIsRejected() throws IOException {
		String message = error(valid().replace("{name: blocks.1, tokens: true}",
			"{name: features.3}"));
		assertTrue(message.contains("layers[1]") && message.contains("repeats"),
			message);
	}

	@Test
	void generatorNeedsItsSettings() throws IOException {
		String message = error(valid().replace("role: classifier",
			"role: generator").replace("inputs:", "outputs:"));
		assertTrue(message.contains("config.rosetta.generator"), message);
	}

	@Test
	void brokenYamlIsReportedAsSuch() throws IOException {
		String message = error("name: [unclosed\n  : :");
		assertTrue(message.contains("not valid YAML"), message);
	}

	@Test
	void nonMappingIsNotAManifest() throws IOException {
		String message = error("- just\n- a list\n");
		assertTrue(message.contains("not a model manifest"), message);
	}

	/**
	 * The forward-only BioImage.IO 0.5 example's files in the temporary folder,
	 * with its manifest changed.
	 */
	private Path bioImageIo(String from, String to) throws IOException {
		for (String file : new String[] { "test-input.npy", "test-output.npy" })
			Files.copy(BioImageIoTest.EXAMPLES.resolve("forward-only").resolve(file),
				folder.resolve(file));
		String yaml = Files.readString(BioImageIoTest.EXAMPLES.resolve(
			"forward-only").resolve("rdf.yaml"));
		assertTrue(yaml.contains(from), from);
		return write(yaml.replace(from, to));
	}

	private String bioImageIoError(String from, String to) throws IOException {
		return errorReading(bioImageIo(from, to));
	}

	@Test
	void readsBioImageIo05WithoutConfig() throws IOException {
		ModelManifest manifest = ModelManifest.read(bioImageIo("name:", "name:"));
		assertEquals(List.of(new LayerSpec("mask", "mask", false, 0)), manifest
			.layers());
		assertEquals(32, manifest.height());
		assertTrue(manifest.forwardOnlyNote().isPresent());
	}

	@Test
	void readsTheBioImageIo04Form() throws IOException {
		bioImageIo("name:", "name:");
		ModelManifest manifest = ModelManifest.read(write(String.join("\n",
			"format_version: 0.4.10", "type: model", "name: tiny-unet-04", "inputs:",
			"  - name: raw", "    axes: bcyx", "    data_type: float32",
			"    shape: {min: [1, 1, 16, 16], step: [0, 0, 16, 16]}",
			"    preprocessing:", "      - name: zero_mean_unit_variance",
			"        kwargs: {mode: fixed, axes: xy, mean: [0.25], std: [2]}",
			"outputs:",
			"  - {name: mask, axes: bcyx, shape: {reference_tensor: raw, scale: [1, 1, 1, 1], offset: [0, 0, 0, 0]}}",
			"test_inputs: [test-input.npy]", "test_outputs: [test-output.npy]",
			"weights:", "  torchscript: {source: weights.pt, sha256: " + SHA + "}",
			"")));
		assertEquals(List.of(1, 32, 32), List.of(manifest.channels(), manifest
			.height(), manifest.width()),
			"the parameterized size is the test input's");
		assertArrayEquals(new float[] { 0.25f }, manifest.preprocessing().mean());
		assertArrayEquals(new float[] { 2f }, manifest.preprocessing().std());
		assertEquals(List.of(new LayerSpec("mask", "mask", false, 0)), manifest
			.layers());
		String missing = error(Files.readString(folder.resolve("rdf.yaml")).replace(
			"[test-output.npy]", "[gone.npy]"));
		assertTrue(missing.contains("'test_outputs[0]'") && missing.contains(
			"gone.npy"), missing);
	}

	@Test
	void aZAxisIsNamedWithWhatThePluginReads() throws IOException {
		String message = bioImageIoError("{type: space, id: y, size: 32}",
			"{type: space, id: z, size: 32}");
		assertTrue(message.contains("'inputs[0].axes[2]' is a space axis ('z')") &&
			message.contains("batch, channel, y, x"), message);
	}

	@Test
	void aTimeAxisIsRefused() throws IOException {
		String message = bioImageIoError(
			"  - {type: batch}\n  - type: channel\n    channel_names: [raw]",
			"  - {type: batch}\n  - {type: time, size: 5}\n  - type: channel\n    channel_names: [raw]");
		assertTrue(message.contains("'inputs[0].axes[1]' is a time axis") && message
			.contains("2-D images"), message);
	}

	@Test
	void aMissingTestTensorNamesTheFileAndTheFix() throws IOException {
		Path file = bioImageIo("name:", "name:");
		Files.delete(folder.resolve("test-output.npy"));
		String message = assertThrows(ModelPackageException.class,
			() -> ModelManifest.read(file)).getMessage();
		assertTrue(message.startsWith(file.toString()) && message.contains(
			"'outputs[0].test_tensor.source'") && message.contains(
				"test-output.npy") && message.contains("tools/export_model.py"),
			message);
	}

	@Test
	void anUnknownFormatVersionSaysWhichAreRead() throws IOException {
		String message = bioImageIoError("format_version: 0.5.4",
			"format_version: 0.3.6");
		assertTrue(message.contains("'format_version' is '0.3.6'") && message
			.contains("0.4.x and 0.5.x"), message);
	}

	@Test
	void perChannelListsNeedTheChannelAxis() throws IOException {
		String message = bioImageIoError(
			"  - id: ensure_dtype\n    kwargs: {dtype: float32}",
			"  - id: fixed_zero_mean_unit_variance\n    kwargs: {mean: [0.5], std: [0.2]}");
		assertTrue(message.contains(
			"'inputs[0].preprocessing[0].kwargs.axis' is missing") && message
				.contains("axis: channel"), message);
	}

	@Test
	void stateDictWeightsPointToTheConversion() throws IOException {
		String message = bioImageIoError("  torchscript: {source: weights.pt,",
			"  pytorch_state_dict: {source: weights.pt,");
		assertTrue(message.contains("'weights.torchscript'") && message.contains(
			"--bioimageio " + folder), message);
	}

	@Test
	void weightsNoBackendLoadsNameTheFormatsFoundAndSupported()
		throws IOException
	{
		String message = bioImageIoError("  torchscript: {source: weights.pt,",
			"  onnx: {source: weights.onnx, sha256: " + SHA +
				"}\n  keras_hdf5: {source: weights.pt,");
		assertTrue(message.contains(
			"has weights in onnx, keras_hdf5; the plugin loads torchscript"),
			message);
	}

	@Test
	void theWeightsEntryABackendLoadsIsChosenAmongOthers() throws IOException {
		ModelManifest manifest = ModelManifest.read(bioImageIo(
			"  torchscript: {source: weights.pt,",
			"  onnx: {source: weights.onnx, sha256: " + SHA +
				"}\n  torchscript: {source: weights.pt,"));
		assertEquals("torchscript", manifest.weightsFormat());
		assertEquals("weights.pt", manifest.weightsSource());
	}

	@Test
	void attentionProjectionsAreNamedButNotDefaults() throws IOException {
		String withProjections = valid() + String.join("\n",
			"      - {name: blocks.1.q, tokens: true, projection: q}",
			"      - {name: blocks.1.k, tokens: true, projection: k}", "");
		ModelManifest manifest = ModelManifest.read(write(withProjections));
		assertEquals(List.of("features.3", "blocks.1"), manifest.layers().stream()
			.map(LayerSpec::name).toList());
		assertEquals(List.of("blocks.1.q", "blocks.1.k"), manifest.projections()
			.stream().map(LayerSpec::name).toList());
		assertEquals(4, manifest.allLayers().size());
		assertEquals("blocks.1", manifest.layer("blocks.1.k").block());
		String message = error(withProjections.replace("projection: k}",
			"projection: v}"));
		assertTrue(message.contains("config.rosetta.layers[3].projection") &&
			message.contains("--qkv"), message);
	}
}
