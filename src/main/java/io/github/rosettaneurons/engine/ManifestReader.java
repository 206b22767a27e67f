
package io.github.rosettaneurons.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Typed access to a parsed YAML tree that names the file and the dotted field
 * path in every error, e.g.
 * {@code rdf.yaml: field 'config.rosetta.layers[2].output' is missing}.
 */
final class ManifestReader {

	private final Path file;

	ManifestReader(Path file) {
		this.file = file;
	}

	Map<?, ?> map(Object node, String path) {
		if (node instanceof Map) return (Map<?, ?>) node;
		throw wrongType(path, node, "a mapping");
	}

	List<?> list(Map<?, ?> parent, String parentPath, String key) {
		Object value = require(parent, parentPath, key);
		if (value instanceof List) return (List<?>) value;
		throw wrongType(join(parentPath, key), value, "a list");
	}

	Map<?, ?> child(Map<?, ?> parent, String parentPath, String key) {
		return map(require(parent, parentPath, key), join(parentPath, key));
	}

	Map<?, ?> optionalChild(Map<?, ?> parent, String parentPath, String key) {
		return parent.get(key) == null ? null : child(parent, parentPath, key);
	}

	String string(Map<?, ?> parent, String parentPath, String key) {
		Object value = require(parent, parentPath, key);
		if (value instanceof String && !((String) value).isBlank())
			return (String) value;
		throw wrongType(join(parentPath, key), value, value instanceof Number
			? "a text (put it in quotes)" : "a non-empty text");
	}

	String string(Map<?, ?> parent, String parentPath, String key,
		String fallback)
	{
		return parent.get(key) == null ? fallback : string(parent, parentPath, key);
	}

	int integer(Map<?, ?> parent, String parentPath, String key,
		Integer fallback)
	{
		Object value = parent.get(key);
		if (value == null && fallback != null) return fallback;
		value = require(parent, parentPath, key);
		if (value instanceof Integer) return (Integer) value;
		throw wrongType(join(parentPath, key), value, "a whole number");
	}

	double number(Object value, String path) {
		if (value instanceof Number) return ((Number) value).doubleValue();
		throw wrongType(path, value, "a number");
	}

	boolean flag(Map<?, ?> parent, String parentPath, String key,
		boolean fallback)
	{
		Object value = parent.get(key);
		if (value == null) return fallback;
		if (value instanceof Boolean) return (Boolean) value;
		throw wrongType(join(parentPath, key), value, "true or false");
	}

	float[] floats(Object node, String path, int expectedLength) {
		if (!(node instanceof List)) throw wrongType(path, node,
			"a list of numbers");
		List<?> values = (List<?>) node;
		if (values.size() != expectedLength) throw ModelPackageException.field(file,
			path, "has " + values.size() + " values but the input has " +
				expectedLength + " channels", "Give one value per input channel");
		float[] result = new float[expectedLength];
		for (int i = 0; i < expectedLength; i++)
			result[i] = (float) number(values.get(i), path + "[" + i + "]");
		return result;
	}

	ModelPackageException invalid(String path, String problem, String fix) {
		return ModelPackageException.field(file, path, problem, fix);
	}

	private Object require(Map<?, ?> parent, String parentPath, String key) {
		Object value = parent.get(key);
		if (value == null) throw ModelPackageException.field(file, join(parentPath,
			key), "is missing", "Add it; docs/model-package.md lists every field");
		return value;
	}

	private ModelPackageException wrongType(String path, Object value,
		String expected)
	{
		return ModelPackageException.field(file, path, "is '" + value + "', not " +
			expected, "Write " + expected +
				" there; docs/model-package.md shows an example");
	}

	static String join(String parentPath, String key) {
		return parentPath.isEmpty() ? key : parentPath + "." + key;
	}
}
