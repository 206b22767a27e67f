
package io.github.rosettaneurons.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.github.rosettaneurons.describe.DescribeOptions;
import io.github.rosettaneurons.describe.DescribeSetup;
import io.github.rosettaneurons.dissect.LayerResult;
import io.github.rosettaneurons.dissect.UnitResult;
import io.github.rosettaneurons.engine.Progress;

/**
 * Describe Neurons' validity figure: of the units whose dissection label is a
 * shape or a part, the fraction whose description (the learned captioner's
 * candidates scored with the learned image-text encoder) names that label.
 */
final class DescribeValidity {

	private static final String METRIC = "descriptions naming the shape/part";
	private static final ValidityRow.Target TARGET = ValidityRow.Target.atLeast(
		0.7);

	private DescribeValidity() {}

	/**
	 * Whether {@code word} occurs in {@code description} as a word (or its
	 * plural), ignoring case.
	 */
	static boolean names(String description, String word) {
		return Pattern.compile("\\b" + Pattern.quote(word.toLowerCase(
			Locale.ROOT)) + "(e?s)?\\b").matcher(description.toLowerCase(Locale.ROOT))
			.find();
	}

	/**
	 * The interpretable units labelled with a shape or part, best first, at most
	 * {@code count}.
	 */
	static List<UnitResult> shapeUnits(LayerResult layer, int count) {
		return layer.interpretableUnits().stream().filter(
			unit -> DissectValidity.SHAPE_CATEGORIES.contains(unit.category())).limit(
				count).toList();
	}

	static ValidityRow row(Path model, LayerResult layer, Path concepts,
		Path encoder, Path captioner, int count)
	{
		for (Path backend : List.of(encoder, captioner))
			if (!Files.isDirectory(backend)) return ValidityRow.unmeasured("describe",
				METRIC, TARGET, "learned backend missing: " + backend);
		List<UnitResult> units = shapeUnits(layer, count);
		if (units.isEmpty()) return ValidityRow.unmeasured("describe", METRIC,
			TARGET, "no unit of " + layer.layer() +
				" is labelled with a shape or part");
		Map<Integer, String> labels = units.stream().collect(Collectors.toMap(
			UnitResult::unit, unit -> unit.label().displayName()));
		String chosen = units.stream().map(unit -> "" + unit.unit()).collect(
			Collectors.joining(","));
		AtomicInteger named = new AtomicInteger();
		List<String> said = new ArrayList<>();
		try (DescribeSetup setup = DescribeSetup.open(new DescribeSetup.Request(
			model, layer.layer(), chosen, null, concepts, captioner, encoder, null,
			null, DescribeOptions.defaults(), DescribeSetup.DEFAULT_BATCH, 0),
			Progress.NONE))
		{
			setup.describer().describe(setup.units(), Progress.NONE, description -> {
				String label = labels.get(description.unit());
				if (names(description.description(), label)) named.incrementAndGet();
				said.add(label + ": " + description.description());
			});
		}
		return new ValidityRow("describe", METRIC, (double) named.get() / units
			.size(), Double.NaN, TARGET, units.size() + " units of " + layer.layer() +
				" labelled with a shape or part, described with " + encoder
					.getFileName() + " and " + captioner.getFileName() +
				" (label: description; " + String.join("; ", said) + ")");
	}
}
