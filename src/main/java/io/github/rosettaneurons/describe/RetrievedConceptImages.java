
package io.github.rosettaneurons.describe;

import java.util.ArrayList;
import java.util.List;

import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.data.ConceptLabel;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.Progress;

/**
 * Concept images retrieved from a labelled image set instead of generated: a
 * concept names the labels whose words it contains ("red circle" → red-c and
 * circle); its images are those holding all of them, most pixels first (ties by
 * index). Pixel counts are gathered once, when this is made (one pass over the
 * masks).
 */
public final class RetrievedConceptImages implements ConceptImages {

	private static final int REPORT_EVERY = 100;

	private final BrodenDataset concepts;
	/**
	 * Per image, the labels it holds (ascending) and their pixels: sparse, as a
	 * big set has many labels.
	 */
	private final List<int[]> labelsOf = new ArrayList<>();
	private final List<long[]> pixelsOf = new ArrayList<>();

	/**
	 * Reads every mask of the set once, reporting progress every
	 * {@value #REPORT_EVERY} images.
	 */
	public RetrievedConceptImages(BrodenDataset concepts, Progress progress) {
		this.concepts = concepts;
		for (int i = 0; i < concepts.size(); i++) {
			if (i % REPORT_EVERY == 0) {
				progress.checkCancelled();
				progress.report(i, concepts.size(),
					"indexing the concept set's masks: image " + (i + 1) + " of " +
						concepts.size());
			}
			long[] counts = LabelPixels.count(concepts.readMasks(i), concepts
				.maxLabel(), null)[0];
			int[] present = java.util.stream.IntStream.range(1, counts.length).filter(
				l -> counts[l] > 0).toArray();
			labelsOf.add(present);
			pixelsOf.add(java.util.Arrays.stream(present).mapToLong(l -> counts[l])
				.toArray());
		}
	}

	@Override
	public String name() {
		return "retrieved from concept set " + concepts.folder().getFileName();
	}

	@Override
	public List<SourceImage> imagesOf(String concept, int count) {
		List<Integer> labels = concepts.labels().stream().filter(l -> Words
			.contains(concept, l.displayName())).map(ConceptLabel::number).toList();
		if (labels.isEmpty()) return List.of();
		List<Integer> matching = new ArrayList<>();
		for (int i = 0; i < labelsOf.size(); i++) {
			int[] present = labelsOf.get(i);
			if (labels.stream().allMatch(l -> java.util.Arrays.binarySearch(present,
				l) >= 0)) matching.add(i);
		}
		matching.sort((a, b) -> {
			int order = Long.compare(coverage(b, labels), coverage(a, labels));
			return order != 0 ? order : Integer.compare(a, b);
		});
		return matching.stream().limit(count).map(concepts::readImage).toList();
	}

	private long coverage(int image, List<Integer> labels) {
		long sum = 0;
		for (int label : labels)
			sum += pixelsOf.get(image)[java.util.Arrays.binarySearch(labelsOf.get(
				image), label)];
		return sum;
	}
}
