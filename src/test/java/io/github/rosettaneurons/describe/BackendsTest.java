
package io.github.rosettaneurons.describe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.data.ConceptLabel;
import io.github.rosettaneurons.data.FolderSource;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.ModelPackageException;
import io.github.rosettaneurons.engine.Progress;

/**
 * The TorchScript backends (sample-data/describe, made by
 * tools/describe_tiny_backends.py) and the candidates they give: an image-text
 * encoder scoring a vocabulary, and a captioner whose captions are summarised.
 */
class BackendsTest {

	static final Path ENCODER = TestZoo.ROOT.resolve("describe/tiny-encoder");
	static final Path CAPTIONER = TestZoo.ROOT.resolve("describe/tiny-captioner");
	static final List<String> OBJECT_COLOURS = List.of("red", "green", "blue",
		"yellow");

	static TorchScriptEncoder encoder;
	static TorchScriptCaptioner captioner;

	@TempDir
	Path temp;

	@BeforeAll
	static void load() {
		DescribeZooTest.open();
		encoder = TorchScriptEncoder.open(ENCODER);
		captioner = TorchScriptCaptioner.open(CAPTIONER);
	}

	@AfterAll
	static void close() {
		encoder.close();
		captioner.close();
		DescribeZooTest.close();
	}

	/** The sample images' object colours, from scenes.csv. */
	static Map<String, String> sampleColours() throws IOException {
		Map<String, String> colours = new java.util.HashMap<>();
		List<String> lines = Files.readAllLines(TestZoo.IMAGES.resolve(
			"scenes.csv"));
		List<String> header = List.of(lines.get(0).split(","));
		for (String line : lines.subList(1, lines.size())) {
			String[] cells = line.split(",");
			colours.put(cells[header.indexOf("image")], cells[header.indexOf(
				"color")]);
		}
		return colours;
	}

	/**
	 * The colour sample scenes (the folder also holds grey TIFF copies of scene
	 * 0).
	 */
	static List<SourceImage> colourScenes() {
		FolderSource images = new FolderSource(TestZoo.IMAGES);
		List<SourceImage> scenes = new java.util.ArrayList<>();
		for (int i = 0; i < images.size(); i++)
			if (images.files().get(i).toString().endsWith(".png")) scenes.add(images
				.get(i));
		return scenes;
	}

	@Test
	void encoderEmbedsWordsAndImagesInOneSpace() throws IOException {
		float[][] words = encoder.embedTexts(List.of("red", "Yellow.", "blue sky"));
		assertEquals(1f, words[0][0], 1e-6, "colour word on its axis");
		assertEquals(1f, words[1][3], 1e-6, "tokens are lower-cased words");
		assertEquals(1f, words[2][2], 1e-6,
			"unknown words are ignored ([UNK] has no embedding)");
		Map<String, String> colours = sampleColours();
		List<SourceImage> scenes = colourScenes();
		float[][] embedded = encoder.embed(scenes);
		float[][] colourWords = encoder.embedTexts(OBJECT_COLOURS);
		for (int i = 0; i < scenes.size(); i++) {
			double norm = 0;
			for (float v : embedded[i])
				norm += v * v;
			assertEquals(1, norm, 1e-5, "normalised");
			float[] scores = Vectors.dots(new float[][] { embedded[i] }, colourWords);
			String expected = colours.get(scenes.get(i).name());
			assertTrue(scores[OBJECT_COLOURS.indexOf(expected)] > 0, scenes.get(i)
				.name() + " shows some " + expected);
		}
	}

	@Test
	void captionerDecodesWordpiecesAndStopsAtTheEndToken() throws IOException {
		Map<String, String> colours = sampleColours();
		List<SourceImage> scenes = colourScenes();
		List<String> captions = captioner.captions(scenes);
		for (int i = 0; i < scenes.size(); i++)
			assertEquals("a " + colours.get(scenes.get(i).name()) + " object",
				captions.get(i), scenes.get(i).name());
		// "object" is in all four captions, "yellow object" in three
		assertEquals(List.of("object", "yellow object", "red object"),
			FrequentPhrases.summarise(List.of("a yellow object", "the yellow object",
				"a red object", "yellow object"), 5));
	}

	@Test
	void vocabularyAndCaptionBackendsDescribeColourUnitsByTheirColour() {
		LayerReader reader = new LayerReader(DescribeZooTest.network,
			DescribeZooTest.resnet.manifest().layer("layer2"), Pooling.MEAN, 32);
		Map<Integer, String> colourUnits = DescribeZooTest.dominatedUnits(reader,
			"color", 2);
		BrodenDataset concepts = DescribeZooTest.concepts;
		DescribeOptions options = DescribeOptions.defaults();
		List<String> labelNames = concepts.labels().stream().map(
			ConceptLabel::displayName).toList();
		RetrievedConceptImages retrieved = new RetrievedConceptImages(concepts,
			Progress.NONE);

		NeuronDescriber byVocabulary = new NeuronDescriber(reader, concepts
			.images(), new VocabularyCandidates(encoder, encoder, List.of("red",
				"green", "blue", "yellow", "circle", "cross"), 3), retrieved, encoder,
			options);
		Map<Integer, NeuronDescription> vocabulary = DescribeZooTest.describe(
			byVocabulary, colourUnits);
		NeuronDescriber byCaptions = new NeuronDescriber(reader, concepts.images(),
			new CaptionCandidates(captioner, 5), retrieved, encoder, options);
		Map<Integer, NeuronDescription> captions = DescribeZooTest.describe(
			byCaptions, colourUnits);
		for (Map.Entry<Integer, String> unit : colourUnits.entrySet()) {
			NeuronDescription word = vocabulary.get(unit.getKey());
			assertEquals(unit.getValue(), word.description(), "unit " + unit
				.getKey() + " " + word.labels());
			assertTrue(word.backend().startsWith(
				"candidates: vocabulary of 6 words scored by encoder tiny-encoder; " +
					"concept images: retrieved from concept set concepts; scoring: topk_compare with similarity from " +
					"encoder tiny-encoder"), word.backend());
			NeuronDescription caption = captions.get(unit.getKey());
			assertTrue(Words.contains(caption.description(), unit.getValue()),
				"unit " + unit.getKey() + " " + caption.labels() + " from " + caption
					.candidates());
			assertTrue(caption.backend().startsWith(
				"candidates: captioner tiny-captioner + frequent phrases"));
			assertTrue(labelNames.contains(unit.getValue()));
		}
	}

	@Test
	void packagesWithoutADescribeSectionOrOfTheWrongKindAreRefused()
		throws IOException
	{
		String missing = assertThrows(ModelPackageException.class,
			() -> TorchScriptEncoder.open(TestZoo.folder("resnet-shapes")))
			.getMessage();
		assertTrue(missing.contains("field 'config.describe' is missing"), missing);
		String wrongKind = assertThrows(ModelPackageException.class,
			() -> TorchScriptEncoder.open(CAPTIONER)).getMessage();
		assertTrue(wrongKind.contains(
			"field 'config.describe.kind' is 'captioner'. This option takes a " +
				"'image_text_encoder' package"), wrongKind);
	}

	@Test
	void theExporterRecipeReproducesTheShippedBackends() throws Exception {
		Path python = Path.of("/usr/bin/python3");
		assumeTrue(Files.isExecutable(python), "needs Debian's python3-torch");
		Process check = new ProcessBuilder(python.toString(), "-c", "import torch")
			.redirectErrorStream(true).start();
		assumeTrue(check.waitFor(120, TimeUnit.SECONDS) && check.exitValue() == 0,
			"needs Debian's python3-torch");
		Process export = new ProcessBuilder(python.toString(),
			"tools/describe_tiny_backends.py", temp.toString()).redirectErrorStream(
				true).start();
		String output = new String(export.getInputStream().readAllBytes());
		assertTrue(export.waitFor(300, TimeUnit.SECONDS) && export.exitValue() == 0,
			output);
		List<String> words = List.of("teal", "cross", "purple shape");
		try (TorchScriptEncoder exported = TorchScriptEncoder.open(temp.resolve(
			"tiny-encoder")))
		{
			float[][] expected = encoder.embedTexts(words);
			float[][] actual = exported.embedTexts(words);
			for (int i = 0; i < words.size(); i++)
				assertArrayEquals(expected[i], actual[i], 1e-6f, words.get(i));
		}
	}
}
