
package io.github.rosettaneurons.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The options a finished batch item was made with ({@code name=value} lines in
 * its folder's batch-options.txt), so that a rerun with other options is told
 * apart from a rerun of the same work.
 */
final class ItemRecord {

	static final String FILE = "batch-options.txt";

	private ItemRecord() {}

	static void write(Path folder, Map<String, String> options)
		throws IOException
	{
		List<String> lines = new ArrayList<>();
		new TreeMap<>(options).forEach((name, value) -> lines.add(name + "=" +
			value));
		Files.write(folder.resolve(FILE), lines, StandardCharsets.UTF_8);
	}

	/**
	 * The recorded options, or null for an item finished before options were
	 * recorded.
	 */
	static Map<String, String> read(Path folder) throws IOException {
		Path file = folder.resolve(FILE);
		if (!Files.isRegularFile(file)) return null;
		Map<String, String> options = new LinkedHashMap<>();
		for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			int equals = line.indexOf('=');
			if (equals > 0) options.put(line.substring(0, equals), line.substring(
				equals + 1));
		}
		return options;
	}

	/**
	 * What differs, e.g. "layers was layer3, now layer4"; empty when nothing
	 * does.
	 */
	static String changes(Map<String, String> recorded, Map<String, String> now) {
		Set<String> names = new TreeSet<>(recorded.keySet());
		names.addAll(now.keySet());
		List<String> changes = new ArrayList<>();
		for (String name : names) {
			String before = recorded.getOrDefault(name, "(none)"), after = now
				.getOrDefault(name, "(none)");
			if (!before.equals(after)) changes.add(name + " was " + before +
				", now " + after);
		}
		return String.join("; ", changes);
	}
}
