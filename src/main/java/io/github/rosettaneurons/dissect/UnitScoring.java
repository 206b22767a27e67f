
package io.github.rosettaneurons.dissect;

import java.util.ArrayList;
import java.util.List;

import io.github.rosettaneurons.data.ConceptLabel;

/**
 * IoUs from a tally with primary-category scoring: IoU[u, l] = I[u, l] / (A[u,
 * cat(l)] + G[l] − I[u, l] + 1e-10) where cat(l) is the label's primary
 * category, the only one it competes in. Per category the best label wins (ties
 * to the lower label number); the unit's label is that of its best category
 * (ties to the earlier one).
 */
final class UnitScoring {

	private static final double EPSILON = 1e-10;

	private UnitScoring() {}

	static List<UnitResult> score(ConceptTally tally, List<String> categories,
		List<ConceptLabel> labels, float[] thresholds, int[][] topImages)
	{
		List<UnitResult> results = new ArrayList<>();
		for (int u = 0; u < thresholds.length; u++) {
			List<CategoryScore> scores = new ArrayList<>();
			CategoryScore best = null;
			for (int c = 0; c < categories.size(); c++) {
				CategoryScore score = new CategoryScore(categories.get(c), null, 0,
					tally.activation[u][c], 0, 0);
				for (ConceptLabel label : labels) {
					if (!categories.get(c).equals(label.primaryCategory())) continue;
					int l = label.number();
					long truth = tally.truth[l];
					if (truth == 0) continue;
					long intersection = tally.intersection[u][l];
					double iou = intersection / (tally.activation[u][c] + truth -
						intersection + EPSILON);
					if (iou > score.iou()) // a category whose labels all score 0 keeps no
																	// label, as the reference
						score = new CategoryScore(categories.get(c), label, truth,
							tally.activation[u][c], intersection, iou);
				}
				scores.add(score);
				if (best == null || score.iou() > best.iou()) best = score;
			}
			results.add(new UnitResult(u, thresholds[u], best, List.copyOf(scores),
				topImages[u]));
		}
		return results;
	}
}
