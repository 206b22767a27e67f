
package io.github.rosettaneurons.describe;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.data.ConceptMasks;
import io.github.rosettaneurons.engine.Progress;

/**
 * Units of the sample zoo with a known meaning, found from the concept set's
 * masks (never hard-coded).
 */
public final class ZooUnits {

	private ZooUnits() {}

	/**
	 * The label (display name) that most of the object's pixels carry in
	 * {@code category} ("color", "object").
	 */
	static String objectLabel(BrodenDataset concepts, int image,
		String category)
	{
		ConceptMasks masks = concepts.readMasks(image);
		int[] object = masks.layers().stream().filter(l -> l.category().equals(
			"object")).findFirst().orElseThrow().labels();
		int[] labels = masks.layers().stream().filter(l -> l.category().equals(
			category)).findFirst().orElseThrow().labels();
		Map<Integer, Integer> counts = new HashMap<>();
		for (int p = 0; p < object.length; p++)
			if (object[p] > 0 && labels[p] > 0) counts.merge(labels[p], 1,
				Integer::sum);
		int best = counts.entrySet().stream().max(Map.Entry.comparingByValue())
			.orElseThrow().getKey();
		return concepts.label(best).displayName();
	}

	/**
	 * Units whose 10 top images on the concept set share one object label of
	 * {@code category} in at least 9 cases, with that label, in unit order; at
	 * most {@code limit}.
	 */
	public static Map<Integer, String> dominated(LayerReader reader,
		BrodenDataset concepts, String category, int limit)
	{
		RunningTopK topK = reader.probe(concepts.images(), 10, Progress.NONE);
		Map<Integer, String> units = new LinkedHashMap<>();
		for (int unit = 0; unit < topK.units() && units.size() < limit; unit++) {
			Map<String, Integer> counts = new HashMap<>();
			for (int image : topK.images(unit))
				counts.merge(objectLabel(concepts, image, category), 1, Integer::sum);
			Map.Entry<String, Integer> top = counts.entrySet().stream().max(Map.Entry
				.comparingByValue()).orElseThrow();
			if (top.getValue() >= 9) units.put(unit, top.getKey());
		}
		return units;
	}
}
