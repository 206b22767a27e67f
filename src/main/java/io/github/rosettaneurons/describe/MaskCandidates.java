package io.github.rosettaneurons.describe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Candidates without any language model, dissection-style: the unit's hot region on each of its top images (the
 * Otsu foreground of its heatmap at the mask's size) is compared with the concept set's label masks; labels are
 * ranked by IoU pooled over the top images (Σ intersection / Σ union). Needs the probing set to be the concept
 * set's images, so that top images have masks.
 */
public final class MaskCandidates implements CandidateGenerator {

	private final LabelledImages concepts;
	private final AttentionCrops heatmaps;
	private final int count;

	public MaskCandidates(LabelledImages concepts, AttentionCrops heatmaps, int count) {
		this.concepts = concepts;
		this.heatmaps = heatmaps;
		this.count = count;
	}

	@Override
	public String name() {
		return "masks of " + concepts.describe();
	}

	@Override
	public List<String> candidates(UnitEvidence evidence) {
		if (evidence.maps() == null) throw new IllegalArgumentException("Mask candidates need spatial maps; this " +
			"layer gives one value per unit. Supply an image-text encoder or a captioner instead.");
		int labels = concepts.labels().size();
		long[] intersection = new long[labels + 1];
		long[] union = new long[labels + 1];
		for (int i = 0; i < evidence.probeIndices().length; i++) {
			LabelledImages.LabelMasks masks = concepts.masks(evidence.probeIndices()[i]);
			boolean[] hot = heatmaps.hotRegion(evidence.maps().maps()[i], evidence.maps().width(),
				evidence.maps().height(), masks.width(), masks.height());
			long hotCount = 0;
			for (boolean h : hot) if (h) hotCount++;
			long[] labelCount = new long[labels + 1];
			long[] hotAndLabel = new long[labels + 1];
			for (int[] category : masks.categories())
				for (int p = 0; p < category.length; p++) {
					int label = category[p];
					if (label <= 0 || label > labels) continue;
					labelCount[label]++;
					if (hot[p]) hotAndLabel[label]++;
				}
			for (int label = 1; label <= labels; label++) {
				intersection[label] += hotAndLabel[label];
				union[label] += hotCount + labelCount[label] - hotAndLabel[label];
			}
		}
		List<Integer> order = new ArrayList<>();
		for (int label = 1; label <= labels; label++) if (intersection[label] > 0) order.add(label);
		order.sort(Comparator.comparingDouble((Integer l) -> -(double) intersection[l] / union[l]).thenComparingInt(l -> l));
		List<String> words = new ArrayList<>();
		for (int label : order.subList(0, Math.min(count, order.size())))
			words.add(CandidateText.labelWord(concepts.labels().get(label - 1)));
		return words;
	}
}
