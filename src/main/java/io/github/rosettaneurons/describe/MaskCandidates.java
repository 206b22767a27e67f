
package io.github.rosettaneurons.describe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.data.ConceptLabel;
import io.github.rosettaneurons.data.ConceptMasks;

/**
 * Candidates without any language model, dissection-style: the unit's hot
 * region on each of its top images (the Otsu foreground of its heatmap at the
 * mask's size) is compared with the concept set's label masks; labels are
 * ranked by IoU pooled over the top images (Σ intersection / Σ union). Needs
 * the probing set to be the concept set's images, so that top images have
 * masks.
 */
public final class MaskCandidates implements CandidateGenerator {

	private final BrodenDataset concepts;
	private final AttentionCrops heatmaps;
	private final int count;

	public MaskCandidates(BrodenDataset concepts, AttentionCrops heatmaps,
		int count)
	{
		this.concepts = concepts;
		this.heatmaps = heatmaps;
		this.count = count;
	}

	@Override
	public String name() {
		return "masks of concept set " + concepts.folder().getFileName();
	}

	@Override
	public List<String> candidates(UnitEvidence evidence) {
		if (evidence.maps() == null) throw new IllegalArgumentException(
			"Mask candidates need spatial maps; this " +
				"layer gives one value per unit. Supply an image-text encoder or a captioner instead.");
		int maxLabel = concepts.maxLabel();
		long[] intersection = new long[maxLabel + 1];
		long[] union = new long[maxLabel + 1];
		for (int i = 0; i < evidence.probeIndices().length; i++) {
			ConceptMasks masks = concepts.readMasks(evidence.probeIndices()[i]);
			boolean[] hot = heatmaps.hotRegion(evidence.maps().maps()[i], evidence
				.maps().width(), evidence.maps().height(), masks.width(), masks
					.height());
			long hotPixels = 0;
			for (boolean h : hot)
				if (h) hotPixels++;
			long[][] pixels = LabelPixels.count(masks, maxLabel, hot);
			for (int label = 1; label <= maxLabel; label++) {
				intersection[label] += pixels[1][label];
				union[label] += hotPixels + pixels[0][label] - pixels[1][label];
			}
		}
		List<ConceptLabel> found = new ArrayList<>();
		for (ConceptLabel label : concepts.labels())
			if (intersection[label.number()] > 0) found.add(label);
		found.sort(Comparator.comparingDouble((
			ConceptLabel l) -> -(double) intersection[l.number()] / union[l.number()])
			.thenComparingInt(ConceptLabel::number));
		return found.stream().limit(count).map(ConceptLabel::displayName).toList();
	}
}
