package io.github.rosettaneurons.describe;

import io.github.rosettaneurons.data.SourceImage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Concept images retrieved from a labelled image set instead of generated: a concept names the labels whose
 * words it contains ("red circle" → red-c and circle); its images are those holding all of them, most pixels
 * first (ties by index). Pixel counts are gathered once, when this is made.
 */
public final class RetrievedConceptImages implements ConceptImages {

	private final LabelledImages concepts;
	/** Per image, label number → pixels. */
	private final List<Map<Integer, Integer>> pixels = new ArrayList<>();

	public RetrievedConceptImages(LabelledImages concepts) {
		this.concepts = concepts;
		for (int i = 0; i < concepts.images().size(); i++) {
			Map<Integer, Integer> counts = new HashMap<>();
			for (int[] category : concepts.masks(i).categories())
				for (int label : category) if (label > 0) counts.merge(label, 1, Integer::sum);
			pixels.add(counts);
		}
	}

	@Override
	public String name() {
		return "retrieved from " + concepts.describe();
	}

	@Override
	public List<SourceImage> imagesOf(String concept, int count) {
		List<Integer> labels = new ArrayList<>();
		for (int k = 1; k <= concepts.labels().size(); k++)
			if (Words.contains(concept, CandidateText.labelWord(concepts.labels().get(k - 1)))) labels.add(k);
		if (labels.isEmpty()) return List.of();
		List<Integer> matching = new ArrayList<>();
		for (int i = 0; i < pixels.size(); i++) if (pixels.get(i).keySet().containsAll(labels)) matching.add(i);
		matching.sort((a, b) -> {
			int order = Long.compare(coverage(b, labels), coverage(a, labels));
			return order != 0 ? order : Integer.compare(a, b);
		});
		List<SourceImage> images = new ArrayList<>();
		for (int i : matching.subList(0, Math.min(count, matching.size()))) images.add(concepts.images().get(i));
		return images;
	}

	private long coverage(int image, List<Integer> labels) {
		long sum = 0;
		for (int label : labels) sum += pixels.get(image).get(label);
		return sum;
	}
}
