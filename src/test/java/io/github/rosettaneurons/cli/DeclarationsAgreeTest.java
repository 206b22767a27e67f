
package io.github.rosettaneurons.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.scijava.command.Command;

import io.github.rosettaneurons.fiji.CommandBridge;
import io.github.rosettaneurons.fiji.DescribeNeuronsCommand;
import io.github.rosettaneurons.fiji.DialogField;
import io.github.rosettaneurons.fiji.DissectUnitsCommand;
import io.github.rosettaneurons.fiji.EditImageCommand;
import io.github.rosettaneurons.fiji.ExtractActivationsCommand;
import io.github.rosettaneurons.fiji.InvertImageCommand;
import io.github.rosettaneurons.fiji.MineRosettaCommand;
import io.github.rosettaneurons.fiji.SpectralGroupingCommand;

/**
 * The Fiji command (the single declaration of its dialog and macro keys) and
 * the CLI subcommand doing the same job agree: every input maps to a CLI key
 * the subcommand knows (or is Fiji-only), and where the usage text shows a
 * default or the choices, they are the command's.
 */
class DeclarationsAgreeTest {

	/**
	 * The one place where a Fiji key and its CLI key differ: Fiji key to CLI key ("" for inputs only Fiji has, e.g.
	 * the overlay's opacity); keys not listed are the same on both sides.
	 */
	record Pair(Class<? extends Command> command, String subcommand, Set<String> cliKeys, Map<String, String> renamed) {
		@Override
		public String toString() {
			return subcommand;
		}
	}

	static List<Pair> pairs() {
		return List.of(new Pair(ExtractActivationsCommand.class, "extract",
			RosettaCli.EXTRACT_KEYS, Map.of("image", "input", "folder", "input",
				"output", "out", "unit", "", "opacity", "", "lut", "")), new Pair(
					MineRosettaCommand.class, "mine", MineJob.KEYS, Map.of("folder",
						"images", "category", "class", "minimum", "min-correlation",
						"output", "out")), new Pair(DissectUnitsCommand.class, "dissect",
							DissectJob.KEYS, Map.of("output", "out")), new Pair(
								InvertImageCommand.class, "invert", InversionJob.INVERT_KEYS,
								Map.of("category", "class", "rate", "lr", "pixel",
									"pixel-weight", "regulariser", "reg-weight", "every",
									"save-every")), new Pair(EditImageCommand.class, "edit",
										InversionJob.EDIT_KEYS, Map.of("category", "class", "rate",
											"lr", "regulariser", "reg-weight", "every",
											"save-every")), new Pair(SpectralGroupingCommand.class,
												"spectral", union(SpectralJob.KEYS, SpectralJob.FLAGS),
												Map.of("image", "input", "folder", "input", "output",
													"out", "opacity", "")), new Pair(
														DescribeNeuronsCommand.class, "describe",
														DescribeJob.KEYS, Map.of("folder", "images",
															"images", "top", "output", "out")));
	}

	private static Set<String> union(Set<String> a, Set<String> b) {
		Set<String> all = new HashSet<>(a);
		all.addAll(b);
		return all;
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("pairs")
	void keysDefaultsAndChoicesAgree(Pair pair) {
		Map<String, String> shown = usageValues(pair.subcommand());
		for (DialogField field : new CommandBridge(pair.command()).fields()) {
			String cliKey = pair.renamed().getOrDefault(field.key(), field.key());
			if (cliKey.isEmpty()) continue;
			assertTrue(pair.cliKeys().contains(cliKey), pair + ": Fiji's '" + field
				.key() + "' has no --" + cliKey);
			String value = shown.get(cliKey);
			if (value == null) continue;
			if (field.kind() == DialogField.Kind.CHOICE && value.contains("|"))
				assertEquals(Set.of(value.split("\\|")), Set.copyOf(field.choices()),
					pair + " --" + cliKey + " choices");
			else if (field.kind() == DialogField.Kind.NUMBER && value.matches(
				"-?[0-9.]+(E-?[0-9]+)?")) assertEquals(Double.parseDouble(value), Double
					.parseDouble(field.defaultValue()), pair + " --" + cliKey +
						" default: usage shows " + value + ", Fiji " + field
							.defaultValue());
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("pairs")
	void everyRenamingNamesAnInput(Pair pair) {
		Set<String> keys = new HashSet<>();
		new CommandBridge(pair.command()).fields().forEach(field -> keys.add(field
			.key()));
		assertTrue(keys.containsAll(pair.renamed().keySet()), pair + ": " + pair
			.renamed().keySet() + " vs " + keys);
	}

	/**
	 * The {@code --key value} pairs of one subcommand's section of the usage
	 * text.
	 */
	private static Map<String, String> usageValues(String subcommand) {
		StringBuilder section = new StringBuilder();
		boolean inside = false;
		for (String line : RosettaCli.USAGE.split("\n")) {
			if (line.matches("  \\S.*")) inside = line.startsWith("  " + subcommand +
				" ");
			if (inside) section.append(line).append('\n');
		}
		assertTrue(section.length() > 0, "usage has a section for " + subcommand);
		Map<String, String> values = new HashMap<>();
		Matcher option = Pattern.compile("--([\\w-]+) (?!--)([^\\s\\]]+)").matcher(
			section);
		while (option.find())
			values.put(option.group(1), option.group(2));
		return values;
	}
}
