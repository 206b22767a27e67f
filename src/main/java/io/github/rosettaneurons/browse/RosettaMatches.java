
package io.github.rosettaneurons.browse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.rosettaneurons.rosetta.RosettaDictionary;
import io.github.rosettaneurons.rosetta.UnitRef;

/**
 * Which Rosetta neuron, if any, a unit belongs to, and the units it shares that
 * concept with in other models.
 */
public final class RosettaMatches {

	public static final RosettaMatches NONE = new RosettaMatches(Map.of(), Map
		.of());

	private final Map<UnitRef, String> neuronOf;
	private final Map<String, List<UnitRef>> unitsOf;

	private RosettaMatches(Map<UnitRef, String> neuronOf,
		Map<String, List<UnitRef>> unitsOf)
	{
		this.neuronOf = neuronOf;
		this.unitsOf = unitsOf;
	}

	/** The matches of a dictionary.csv written by a mining run. */
	public static RosettaMatches read(Path dictionary) {
		Map<UnitRef, String> neuronOf = new LinkedHashMap<>();
		Map<String, List<UnitRef>> unitsOf = new LinkedHashMap<>();
		try {
			for (RosettaDictionary.Entry entry : RosettaDictionary.read(dictionary)) {
				neuronOf.putIfAbsent(entry.unit(), entry.id());
				unitsOf.computeIfAbsent(entry.id(), id -> new ArrayList<>()).add(entry
					.unit());
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(dictionary + ": cannot read (" + e
				.getMessage() + ")", e);
		}
		return new RosettaMatches(neuronOf, unitsOf);
	}

	/**
	 * "R3: vit-shapes:blocks.2:5, world-generator:gen2:1", or "" for a unit in no
	 * Rosetta neuron.
	 */
	public String describe(UnitRef unit) {
		String id = neuronOf.get(unit);
		if (id == null) return "";
		List<String> others = new ArrayList<>();
		for (UnitRef other : unitsOf.get(id))
			if (!other.equals(unit)) others.add(other.toString());
		return id + ": " + String.join(", ", others);
	}
}
