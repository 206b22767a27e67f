
package io.github.rosettaneurons.describe;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.ModelPackageException;

/**
 * The {@code config.describe} section of a backend model package's manifest
 * (docs/describe.md): what kind of backend it is and how to read its text side.
 * Every problem names the file and the field.
 */
final class BackendSettings {

	private final ModelPackage modelPackage;
	private final Map<?, ?> section;

	private BackendSettings(ModelPackage modelPackage, Map<?, ?> section) {
		this.modelPackage = modelPackage;
		this.section = section;
	}

	/**
	 * The section of {@code modelPackage}, which must declare
	 * {@code kind: <kind>}.
	 */
	static BackendSettings read(ModelPackage modelPackage, String kind) {
		Path file = modelPackage.manifest().file();
		Object root;
		try (Reader reader = Files.newBufferedReader(file,
			StandardCharsets.UTF_8))
		{
			root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
		}
		catch (IOException e) {
			throw new ModelPackageException(file + ": cannot read the manifest (" + e
				.getMessage() + ").", e);
		}
		Object config = root instanceof Map ? ((Map<?, ?>) root).get("config")
			: null;
		Object section = config instanceof Map ? ((Map<?, ?>) config).get(
			"describe") : null;
		if (!(section instanceof Map)) throw new ModelPackageException(file +
			": field 'config.describe' is missing. " + "A " + kind.replace('_', '-') +
			" package for Describe Neurons needs it (docs/describe.md shows the format).");
		BackendSettings settings = new BackendSettings(modelPackage,
			(Map<?, ?>) section);
		String declared = settings.text("kind", null);
		if (!kind.equals(declared)) throw settings.invalid("kind", "is '" +
			declared + "'", "This option takes a '" + kind + "' package");
		return settings;
	}

	String text(String key, String fallback) {
		Object value = section.get(key);
		if (value == null) {
			if (fallback == null) throw invalid(key, "is missing",
				"Add it (docs/describe.md)");
			return fallback;
		}
		return String.valueOf(value);
	}

	int integer(String key, int fallback) {
		Object value = section.get(key);
		if (value == null) return fallback;
		if (!(value instanceof Number)) throw invalid(key, "is '" + value + "'",
			"Give a whole number");
		return ((Number) value).intValue();
	}

	boolean flag(String key, boolean fallback) {
		Object value = section.get(key);
		return value == null ? fallback : Boolean.parseBoolean(String.valueOf(
			value));
	}

	List<String> texts(String key, List<String> fallback) {
		Object value = section.get(key);
		if (value == null) return fallback;
		if (!(value instanceof List)) throw invalid(key, "is not a list",
			"Write [a, b, ...]");
		return ((List<?>) value).stream().map(String::valueOf).toList();
	}

	/**
	 * Lines of a text file of the package named by {@code key} (UTF-8, one entry
	 * per line, kept as they are).
	 */
	List<String> lines(String key) {
		String name = text(key, null);
		Path path = modelPackage.folder().resolve(name).normalize();
		if (!path.startsWith(modelPackage.folder().normalize()) || !Files
			.isRegularFile(path)) throw invalid(key, "names '" + name +
				"', which is not a file inside " + modelPackage.folder(),
				"Put the file into the package folder");
		try {
			return Files.readAllLines(path, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw invalid(key, "names an unreadable file (" + e.getMessage() + ")",
				"Check the file");
		}
	}

	ModelPackageException invalid(String key, String problem, String fix) {
		return new ModelPackageException(modelPackage.manifest().file() +
			": field 'config.describe." + key + "' " + problem + ". " + fix + ".");
	}
}
