
package io.github.rosettaneurons.dissect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.rosettaneurons.data.ConceptLabel;

/**
 * The concepts of a layer's interpretable units as NetDissect-Lite's bar graph
 * orders them: each label counts its units and takes the category most of them
 * have; labels are grouped by category (object, scene, part, material, texture,
 * color, then any other) and sorted by unit count, then best score. The report
 * lists units in this order.
 */
final class ConceptRanking {

	private static final List<String> GROUP_ORDER = List.of("object", "scene",
		"part", "material", "texture", "color");

	/**
	 * One bar: a label, its category and how many interpretable units it names.
	 */
	record Bar(ConceptLabel label, String category, int units,
		double bestScore)
	{}

	private ConceptRanking() {}

	static List<Bar> bars(LayerResult layer) {
		Map<Integer, List<UnitResult>> byLabel = new LinkedHashMap<>();
		for (UnitResult unit : layer.interpretableUnits())
			byLabel.computeIfAbsent(unit.label().number(), k -> new ArrayList<>())
				.add(unit);
		List<Bar> bars = new ArrayList<>();
		for (List<UnitResult> units : byLabel.values()) {
			Map<String, Integer> votes = new HashMap<>();
			for (UnitResult unit : units)
				votes.merge(unit.category(), 1, Integer::sum);
			String category = votes.entrySet().stream().max(Map.Entry
				.<String, Integer> comparingByValue().thenComparing(Map.Entry
					.comparingByKey(Comparator.reverseOrder()))).orElseThrow().getKey();
			bars.add(new Bar(units.get(0).label(), category, units.size(), units
				.stream().mapToDouble(UnitResult::score).max().orElse(0)));
		}
		bars.sort(Comparator.<Bar> comparingInt(bar -> group(bar.category(), layer
			.categories())).thenComparing(Comparator.comparingInt(Bar::units)
				.reversed()).thenComparing(Comparator.comparingDouble(Bar::bestScore)
					.reversed()));
		return bars;
	}

	/**
	 * Units in report order: interpretable ones by their label's bar, then score;
	 * the others by score.
	 */
	static List<UnitResult> units(LayerResult layer) {
		List<Bar> bars = bars(layer);
		Map<Integer, Integer> rank = new HashMap<>();
		for (int i = 0; i < bars.size(); i++)
			rank.put(bars.get(i).label().number(), i);
		List<UnitResult> ordered = new ArrayList<>(layer.interpretableUnits());
		ordered.sort(Comparator.<UnitResult> comparingInt(unit -> rank.get(unit
			.label().number())).thenComparing(Comparator.comparingDouble(
				UnitResult::score).reversed()));
		layer.byScore().stream().filter(unit -> !layer.interpretable(unit)).forEach(
			ordered::add);
		return ordered;
	}

	private static int group(String category, List<String> categories) {
		int index = GROUP_ORDER.indexOf(category);
		return index >= 0 ? index : GROUP_ORDER.size() + categories.indexOf(
			category);
	}
}
