package io.github.rosettaneurons.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelManifestTest {

	private static final String SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

	static String valid() {
		return String.join("\n",
			"name: tiny",
			"description: a test",
			"inputs:",
			"  - id: image",
			"    axes: bcyx",
			"    shape: [1, 3, 32, 24]",
			"    preprocessing:",
			"      - id: fixed_zero_mean_unit_variance",
			"        kwargs: {mean: [0.1, 0.2, 0.3], std: [2, 4, 8]}",
			"weights:",
			"  torchscript: {source: weights.pt, sha256: " + SHA + "}",
			"config:",
			"  rosetta:",
			"    role: classifier",
			"    classes: [a, b]",
			"    layers:",
			"      - {name: features.3, output: f3}",
			"      - {name: blocks.1, tokens: true}",
			"");
	}

	@TempDir
	Path folder;

	private Path write(String yaml) throws IOException {
		Path file = folder.resolve("rdf.yaml");
		Files.writeString(file, yaml);
		return file;
	}

	private String error(String yaml) throws IOException {
		Path file = write(yaml);
		String message = assertThrows(ModelPackageException.class, () -> ModelManifest.read(file)).getMessage();
		assertTrue(message.startsWith(file.toString()), "message names the file: " + message);
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
		assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f}, manifest.preprocessing().mean());
		assertArrayEquals(new float[] {2, 4, 8}, manifest.preprocessing().std());
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
		String message = assertThrows(ModelPackageException.class, () -> manifest.layer("layer9")).getMessage();
		assertTrue(message.contains("'layer9'") && message.contains("features.3, blocks.1"), message);
	}

	@Test
	void missingFieldIsNamedWithItsPath() throws IOException {
		String message = error(valid().replace("    role: classifier\n", ""));
		assertTrue(message.contains("'config.rosetta.role' is missing"), message);
	}

	@Test
	void badShaIsRejected() throws IOException {
		String message = error(valid().replace(SHA, "abc"));
		assertTrue(message.contains("weights.torchscript.sha256") && message.contains("sha256sum"), message);
	}

	@Test
	void unknownRoleSaysWhatIsAllowed() throws IOException {
		String message = error(valid().replace("role: classifier", "role: segmenter"));
		assertTrue(message.contains("config.rosetta.role") && message.contains("classifier, encoder or generator"), message);
	}

	@Test
	void wrongAxesAreRejected() throws IOException {
		String message = error(valid().replace("axes: bcyx", "axes: byxc"));
		assertTrue(message.contains("inputs[0].axes") && message.contains("bcyx"), message);
	}

	@Test
	void meanNeedsOneValuePerChannel() throws IOException {
		String message = error(valid().replace("mean: [0.1, 0.2, 0.3]", "mean: [0.1]"));
		assertTrue(message.contains("preprocessing[0].kwargs.mean") && message.contains("3 channels"), message);
	}

	@Test
	void unsupportedPreprocessingIsNamed() throws IOException {
		String message = error(valid().replace("fixed_zero_mean_unit_variance", "scale_range"));
		assertTrue(message.contains("preprocessing[0].id") && message.contains("scale_range"), message);
	}

	@Test
	void repeatedLayerIsRejected() throws IOException {
		String message = error(valid().replace("{name: blocks.1, tokens: true}", "{name: features.3}"));
		assertTrue(message.contains("layers[1]") && message.contains("repeats"), message);
	}

	@Test
	void generatorNeedsItsSettings() throws IOException {
		String message = error(valid().replace("role: classifier", "role: generator").replace("inputs:", "outputs:"));
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

	@Test
	void attentionProjectionsAreNamedButNotDefaults() throws IOException {
		String withProjections = valid() + String.join("\n",
			"      - {name: blocks.1.q, tokens: true, projection: q}",
			"      - {name: blocks.1.k, tokens: true, projection: k}", "");
		ModelManifest manifest = ModelManifest.read(write(withProjections));
		assertEquals(List.of("features.3", "blocks.1"), manifest.layers().stream().map(LayerSpec::name).toList());
		assertEquals(List.of("blocks.1.q", "blocks.1.k"), manifest.projections().stream().map(LayerSpec::name).toList());
		assertEquals(4, manifest.allLayers().size());
		assertEquals("blocks.1", manifest.layer("blocks.1.k").block());
		String message = error(withProjections.replace("projection: k}", "projection: v}"));
		assertTrue(message.contains("config.rosetta.layers[3].projection") && message.contains("--qkv"), message);
	}
}
