package io.github.rosettaneurons.describe;

import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.data.ConceptMasks;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Describe-and-Dissect on the sample zoo: units whose top images are dominated by one object colour (found here
 * from the concept set's masks) are described by that colour, and units dominated by one shape (nearly all) by it.
 */
class DescribeZooTest {

	static BrodenDataset concepts;
	static ModelPackage resnet;
	static Network network;

	@BeforeAll
	static void open() {
		if (network != null) return;
		concepts = BrodenDataset.open(TestZoo.ROOT.resolve("concepts"));
		resnet = TestZoo.open("resnet-shapes");
		network = resnet.load();
	}

	@AfterAll
	static void close() {
		network.close();
		network = null;
	}

	/** The label (display name) most pixels of {@code category} carry where the object is, per top image. */
	static String objectLabel(int image, String category) {
		ConceptMasks masks = concepts.readMasks(image);
		int[] object = masks.layers().stream().filter(l -> l.category().equals("object")).findFirst().orElseThrow().labels();
		int[] labels = masks.layers().stream().filter(l -> l.category().equals(category)).findFirst().orElseThrow().labels();
		Map<Integer, Integer> counts = new HashMap<>();
		for (int p = 0; p < object.length; p++) if (object[p] > 0 && labels[p] > 0) counts.merge(labels[p], 1, Integer::sum);
		int best = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
		return concepts.label(best).displayName();
	}

	/** Units whose top 10 images share one object label in ≥ 9 cases, with that label; at most {@code limit}. */
	static Map<Integer, String> dominatedUnits(LayerReader reader, String category, int limit) {
		RunningTopK topK = reader.probe(concepts.images(), 10, Progress.NONE);
		Map<Integer, String> units = new LinkedHashMap<>();
		for (int unit = 0; unit < topK.units() && units.size() < limit; unit++) {
			Map<String, Integer> counts = new HashMap<>();
			for (int image : topK.images(unit)) counts.merge(objectLabel(image, category), 1, Integer::sum);
			Map.Entry<String, Integer> top = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
			if (top.getValue() >= 9) units.put(unit, top.getKey());
		}
		return units;
	}

	static Map<Integer, NeuronDescription> describe(NeuronDescriber describer, Map<Integer, String> units) {
		Map<Integer, NeuronDescription> found = new LinkedHashMap<>();
		describer.describe(units.keySet().stream().mapToInt(i -> i).toArray(), Progress.NONE,
			d -> found.put(d.unit(), d));
		return found;
	}

	@Test
	void colourUnitsGetTheirColourFromTheMaskBackend() {
		LayerReader reader = new LayerReader(network, resnet.manifest().layer("layer2"), Pooling.MEAN, 32);
		Map<Integer, String> colourUnits = dominatedUnits(reader, "color", 3);
		assertTrue(colourUnits.size() >= 2, "the sample resnet has colour units in layer2: " + colourUnits);
		DescribeOptions options = DescribeOptions.defaults();
		NeuronDescriber describer = new NeuronDescriber(reader, concepts.images(),
			new MaskCandidates(concepts, options.crops(), options.candidates()), new RetrievedConceptImages(concepts),
			new NetworkFeatures(reader), options);
		Map<Integer, NeuronDescription> found = describe(describer, colourUnits);
		for (Map.Entry<Integer, String> unit : colourUnits.entrySet()) {
			NeuronDescription description = found.get(unit.getKey());
			assertEquals(unit.getValue(), description.description(), "unit " + unit.getKey() + ": " + description.labels());
			assertEquals(3, description.labels().size());
			assertTrue(description.backend().startsWith("candidates: masks of concept set concepts; concept images: " +
				"retrieved from concept set concepts; scoring: topk_compare with similarity from features of " +
				"resnet-shapes layer2"), description.backend());
			UnitEvidence evidence = description.evidence();
			assertEquals(10, evidence.originals().size());
			assertEquals(10, evidence.topImages().size());
			assertTrue(evidence.crops().stream().allMatch(boxes -> boxes.size() <= 4));
			assertTrue(evidence.crops().stream().mapToInt(List::size).sum() > 0, "hot spots smaller than the image give crops");
		}
	}

	@Test
	void shapeUnitsGetTheirShapeFromGeneratedConceptImages() {
		LayerReader reader = new LayerReader(network, resnet.manifest().layer("layer4"), Pooling.MEAN, 32);
		Map<Integer, String> shapeUnits = dominatedUnits(reader, "object", 8);
				DescribeOptions options = DescribeOptions.defaults().withScoring(Scoring.TOPK_SQ_MEAN);
		try (Network generator = TestZoo.open("world-generator").load()) {
			NeuronDescriber describer = new NeuronDescriber(reader, concepts.images(),
				new VocabularyList(List.of("circle", "square", "triangle", "cross", "sky")),
				new GeneratedConceptImages(generator, 0), null, options);
			Map<Integer, NeuronDescription> found = describe(describer, shapeUnits);
			List<String> wrong = new ArrayList<>();
			for (Map.Entry<Integer, String> unit : shapeUnits.entrySet()) {
				NeuronDescription description = found.get(unit.getKey());
				if (!unit.getValue().equals(description.description())) wrong.add(unit + " " + description.labels());
				assertEquals(0, description.labels().stream().filter(l -> l.concept().equals("sky")).mapToInt(l -> 1).sum(),
					"a concept the generator cannot draw has no images and ranks last");
				assertTrue(description.backend().contains("concept images: generated by world-generator; scoring: " +
					"topk_sq_mean"), description.backend());
			}
			// the generator draws crosses with rounded arms, so a circle unit may prefer its crosses (docs/describe.md)
			assertTrue(shapeUnits.size() >= 4 && wrong.size() <= shapeUnits.size() / 4, "shape units " + shapeUnits +
				", described otherwise: " + wrong);
		}
	}
}
