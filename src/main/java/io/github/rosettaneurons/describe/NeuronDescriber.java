
package io.github.rosettaneurons.describe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.github.rosettaneurons.data.ImageSource;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.Progress;

/**
 * Describe-and-Dissect over the units of one layer (docs/describe.md): one
 * streaming pass over the probing set for every unit's top-K images; then per
 * unit the attention crops, the re-ranked pool, candidate concepts and the
 * best-concept selection over concept images. Every unit's activations on a
 * concept's images, and their embeddings, are computed once per concept and
 * shared by all units (memory: images × (units + dimension) floats per concept
 * seen). Each unit's result is handed to the caller as soon as it is ready, so
 * images of earlier units are not kept.
 */
public final class NeuronDescriber {

	private final LayerReader reader;
	private final ImageSource probe;
	private final CandidateGenerator candidates;
	private final ConceptImages conceptImages;
	private final ImageEmbedder embedder;
	private final DescribeOptions options;
	private final AttentionCrops crops;
	private final Map<String, ConceptData> conceptCache = new HashMap<>();

	/**
	 * What a concept contributes to every unit's scoring: every unit's pooled
	 * activations on its images (images × units) and, when the scoring needs
	 * them, the images' embeddings. The images themselves are not kept.
	 */
	private record ConceptData(int images, float[] pooled,
		float[][] embeddings)
	{}

	/** {@code embedder} may be null when the scoring uses no image similarity. */
	public NeuronDescriber(LayerReader reader, ImageSource probe,
		CandidateGenerator candidates, ConceptImages conceptImages,
		ImageEmbedder embedder, DescribeOptions options)
	{
		if (options.scoring().usesImageSimilarity() && embedder == null)
			throw new IllegalArgumentException("Scoring " + options.scoring().key() +
				" needs an image embedder.");
		this.reader = reader;
		this.probe = probe;
		this.candidates = candidates;
		this.conceptImages = conceptImages;
		this.embedder = embedder;
		this.options = options;
		this.crops = options.crops();
	}

	/**
	 * Which backends this describer uses, as the output's backend column says it.
	 */
	public String backend() {
		return "candidates: " + candidates.name() + "; concept images: " +
			conceptImages.name() + "; scoring: " + options.scoring().key() +
			(embedder != null && options.scoring().usesImageSimilarity()
				? " with similarity from " + embedder.name() : "");
	}

	/**
	 * Describes {@code units} (null for all) and passes each description to
	 * {@code each}, in order.
	 *
	 * @return the number of units described
	 */
	public int describe(int[] units, Progress progress,
		Consumer<NeuronDescription> each)
	{
		RunningTopK topK = reader.probe(probe, options.topImages(), progress);
		int[] chosen = units == null ? java.util.stream.IntStream.range(0, topK
			.units()).toArray() : units;
		for (int unit : chosen)
			if (unit < 0 || unit >= topK.units()) throw new IllegalArgumentException(
				"Unit " + unit + " does not exist; " + reader.describe() + " has " +
					topK.units() + " units (0.." + (topK.units() - 1) + ").");
		Set<Integer> allTop = new LinkedHashSet<>();
		for (int unit : chosen)
			for (int index : topK.images(unit))
				allTop.add(index);
		candidates.prepare(probe, allTop.stream().mapToInt(i -> i).toArray());
		for (int i = 0; i < chosen.length; i++) {
			progress.checkCancelled();
			progress.report(i, chosen.length, reader.describe() + ": unit " +
				chosen[i] + " (" + (i + 1) + " of " + chosen.length + ")");
			each.accept(describe(chosen[i], topK.images(chosen[i])));
		}
		progress.report(chosen.length, chosen.length, reader.describe() + ": done");
		return chosen.length;
	}

	private NeuronDescription describe(int unit, int[] probeIndices) {
		UnitEvidence evidence = evidence(unit, probeIndices);
		List<String> cleaned = CandidateText.clean(candidates.candidates(evidence));
		List<ConceptScores.Scored> scored = cleaned.isEmpty() ? List.of() : score(
			unit, evidence, cleaned);
		return new NeuronDescription(unit, scored.subList(0, Math.min(options
			.labels(), scored.size())), cleaned, backend(), evidence);
	}

	/**
	 * Steps 1 and 2a: top images, their maps and crops, and the re-ranked pool's
	 * best images.
	 */
	private UnitEvidence evidence(int unit, int[] probeIndices) {
		List<SourceImage> originals = Arrays.stream(probeIndices).mapToObj(
			probe::get).toList();
		LayerReader.UnitMaps maps = reader.maps(originals, unit);
		List<List<Box>> boxes = new ArrayList<>();
		List<SourceImage> pool = new ArrayList<>(originals);
		for (int i = 0; i < originals.size(); i++) {
			List<Box> kept = maps == null ? List.of() : crops.boxes(maps.maps()[i],
				maps.width(), maps.height());
			boxes.add(kept);
			for (int c = 0; c < kept.size(); c++)
				pool.add(Crops.cut(originals.get(i), kept.get(c), crops.canvas(),
					originals.get(i).name() + " crop " + (c + 1)));
		}
		float[] pooled = reader.pooled(pool);
		int units = pooled.length / pool.size();
		Integer[] order = new Integer[pool.size()];
		for (int i = 0; i < order.length; i++)
			order[i] = i;
		Arrays.sort(order, (a, b) -> Float.compare(pooled[b * units + unit],
			pooled[a * units + unit]));
		int keep = Math.min(DescribeOptions.CAPTION_IMAGES, options.topImages());
		List<SourceImage> top = new ArrayList<>();
		for (int i = 0; i < Math.min(keep, order.length); i++)
			top.add(pool.get(order[i]));
		return new UnitEvidence(unit, probeIndices, originals, maps, boxes, top);
	}

	/**
	 * Step 3: rank the candidates' concept images by this unit's activation,
	 * weighted by image similarity.
	 */
	private List<ConceptScores.Scored> score(int unit, UnitEvidence evidence,
		List<String> concepts)
	{
		List<ConceptData> data = concepts.stream().map(this::conceptData).toList();
		int total = data.stream().mapToInt(ConceptData::images).sum();
		float[] activations = new float[total];
		int[] conceptOf = new int[total];
		int units;
		for (int c = 0, i = 0; c < data.size(); c++) {
			ConceptData d = data.get(c);
			if (d.images() == 0) continue;
			units = d.pooled().length / d.images();
			for (int j = 0; j < d.images(); j++, i++) {
				activations[i] = d.pooled()[j * units + unit];
				conceptOf[i] = c;
			}
		}
		float[] similarity = null;
		if (options.scoring().usesImageSimilarity() && total > 0) {
			float[][] top = embedder.embed(evidence.topImages());
			List<float[]> all = new ArrayList<>();
			for (ConceptData d : data)
				all.addAll(Arrays.asList(d.embeddings()));
			similarity = Vectors.dots(top, all.toArray(new float[0][]));
		}
		return ConceptScores.score(concepts, activations, conceptOf, similarity,
			options.scoring());
	}

	private ConceptData conceptData(String concept) {
		return conceptCache.computeIfAbsent(concept, c -> {
			List<SourceImage> images = conceptImages.imagesOf(c, options
				.imagesPerConcept());
			if (images.isEmpty()) return new ConceptData(0, new float[0],
				new float[0][]);
			return new ConceptData(images.size(), reader.pooled(images), options
				.scoring().usesImageSimilarity() ? embedder.embed(images) : null);
		});
	}
}
