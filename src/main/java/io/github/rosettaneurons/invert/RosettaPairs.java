
package io.github.rosettaneurons.invert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.rosettaneurons.rosetta.MiningShard;
import io.github.rosettaneurons.rosetta.RosettaDictionary;
import io.github.rosettaneurons.rosetta.UnitRef;
import io.github.rosettaneurons.rosetta.UnitStatistics;

/**
 * The matched units an inversion or edit uses, read from a mined Rosetta
 * dictionary (dictionary.csv) whose anchor is the generator, and the per-unit
 * statistics of that mining run (statistics.bin next to it) that z-score the
 * maps.
 */
public final class RosettaPairs {

	/** A generator unit and its match in the target model. */
	public record Pair(UnitRef generatorUnit, UnitRef targetUnit) {}

	private final Path dictionary;
	private final List<List<UnitRef>> neurons;
	private final UnitStatistics statistics;

	private RosettaPairs(Path dictionary, List<List<UnitRef>> neurons,
		UnitStatistics statistics)
	{
		this.dictionary = dictionary;
		this.neurons = neurons;
		this.statistics = statistics;
	}

	/**
	 * Reads a dictionary mined with {@code generator} as the anchor, and the
	 * statistics file of the same run that lies next to it (statistics.bin;
	 * refused when missing).
	 */
	public static RosettaPairs read(Path dictionary, String generator) {
		List<List<UnitRef>> neurons;
		try {
			neurons = new ArrayList<>(RosettaDictionary.readNeurons(dictionary)
				.values());
		}
		catch (IOException e) {
			throw new UncheckedIOException(dictionary +
				": cannot read the dictionary (" + e.getMessage() + ").", e);
		}
		if (neurons.isEmpty()) throw new IllegalArgumentException(dictionary +
			": holds no Rosetta neurons; mine with " +
			"more samples or a lower minimum correlation.");
		String anchor = neurons.get(0).get(0).model();
		if (!anchor.equals(generator)) throw new IllegalArgumentException(
			dictionary + ": was mined with '" + anchor +
				"' as the anchor, not the generator '" + generator +
				"'. Mine with the generator as the anchor.");
		Path statsFile = dictionary.resolveSibling("statistics.bin");
		if (!Files.isRegularFile(statsFile)) throw new IllegalArgumentException(
			statsFile + ": is missing; the " +
				"inversion z-scores the maps with the statistics of the run that mined " +
				dictionary.getFileName() +
				". Use a complete mining folder (mine writes statistics.bin next to the dictionary).");
		return new RosettaPairs(dictionary, neurons, MiningShard.loadStatistics(
			statsFile, MiningShard.header(statsFile).fingerprint()));
	}

	/**
	 * Generator units as if each were a neuron of its own, without statistics
	 * (maps z-scored over their pixels): edits through any units, e.g. every unit
	 * of a generator for the benchmark.
	 */
	public static RosettaPairs ofGeneratorUnits(List<UnitRef> units) {
		if (units.isEmpty()) throw new IllegalArgumentException(
			"No generator units given.");
		List<List<UnitRef>> neurons = new ArrayList<>();
		for (UnitRef unit : units)
			neurons.add(List.of(unit));
		return new RosettaPairs(null, neurons, null);
	}

	/**
	 * The generator units of every neuron (each once), for edits, where only the
	 * generator is in the loop.
	 */
	public List<UnitRef> generatorUnits() {
		Set<UnitRef> units = new LinkedHashSet<>();
		for (List<UnitRef> neuron : neurons)
			units.add(neuron.get(0));
		return List.copyOf(units);
	}

	/**
	 * Each neuron's generator unit with its match in {@code model}; neurons
	 * without a unit there are left out.
	 */
	public List<Pair> pairsWith(String model) {
		List<Pair> pairs = new ArrayList<>();
		for (List<UnitRef> neuron : neurons)
			for (UnitRef unit : neuron.subList(1, neuron.size()))
				if (unit.model().equals(model)) pairs.add(new Pair(neuron.get(0),
					unit));
		if (pairs.isEmpty()) throw new IllegalArgumentException(dictionary +
			": has no units of model '" + model +
			"'. Mine the generator against it first.");
		return pairs;
	}

	/**
	 * The neurons whose generator unit is not on {@code layer}: a read-out layer
	 * (e.g. object-mask logits) kept out of the inversion's targets.
	 */
	public RosettaPairs withoutGeneratorLayer(String layer) {
		List<List<UnitRef>> kept = neurons.stream().filter(neuron -> !neuron.get(0)
			.layer().equals(layer)).toList();
		if (kept.isEmpty()) throw new IllegalArgumentException(dictionary +
			": every Rosetta neuron has its generator unit on layer '" + layer +
			"'; none is left.");
		return new RosettaPairs(dictionary, kept, statistics);
	}

	/**
	 * The mining run's per-unit statistics, or null for {@link #ofGeneratorUnits}
	 * (maps z-scored over their pixels).
	 */
	public UnitStatistics statistics() {
		return statistics;
	}

	public int neuronCount() {
		return neurons.size();
	}
}
