
package io.github.rosettaneurons.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The test tensors a BioImage.IO manifest names (0.5: {@code test_tensor} of
 * every input and output; 0.4: {@code test_inputs} and {@code test_outputs}),
 * resolved next to the manifest. Each must be a {@code .npy} file in the
 * package; a missing one is reported with its field.
 */
final class TestTensors {

	private static final String FIX =
		"BioImage.IO needs a test tensor (.npy, batch 1) for every input and output: " +
			"put the file into the package, or re-export it with tools/export_model.py";

	private final Map<String, Path> files = new HashMap<>();

	private TestTensors() {}

	static TestTensors of(ManifestReader in, Map<?, ?> root,
		ManifestFormat format, Path folder)
	{
		TestTensors tests = new TestTensors();
		for (String kind : List.of("inputs", "outputs")) {
			if (format == ManifestFormat.BIOIMAGEIO_0_5) {
				if (!(root.get(kind) instanceof List<?> tensors)) continue;
				for (int i = 0; i < tensors.size(); i++) {
					String path = kind + "[" + i + "]";
					Map<?, ?> tensor = in.map(tensors.get(i), path);
					if (tensor.get("test_tensor") == null) throw in.invalid(path +
						".test_tensor", "is missing", FIX);
					tests.add(in, in.string(in.child(tensor, path, "test_tensor"), path +
						".test_tensor", "source"), path + ".test_tensor.source", path,
						folder);
				}
			}
			else if (format == ManifestFormat.BIOIMAGEIO_0_4) {
				List<?> sources = in.list(root, "", "test_" + kind);
				for (int i = 0; i < sources.size(); i++) {
					if (!(sources.get(i) instanceof String source)) throw in.invalid(
						"test_" + kind + "[" + i + "]", "is '" + sources.get(i) +
							"', not a file name", FIX);
					tests.add(in, source, "test_" + kind + "[" + i + "]", kind + "[" + i +
						"]", folder);
				}
			}
		}
		return tests;
	}

	private void add(ManifestReader in, String source, String field,
		String tensorPath, Path folder)
	{
		if (source.startsWith("http://") || source.startsWith("https://")) return;
		if (!source.toLowerCase(Locale.ROOT).endsWith(".npy")) throw in.invalid(
			field, "is '" + source + "', not a .npy file", FIX);
		Path file = folder.resolve(source).normalize();
		if (!file.startsWith(folder.normalize()) || !Files.isRegularFile(file))
			throw in.invalid(field, "names '" + source +
				"', which is not a file in " + folder, FIX);
		files.put(tensorPath, file);
	}

	/**
	 * The test file of e.g. {@code inputs[0]}, or null when the manifest names
	 * none (or only a URL).
	 */
	Path file(String tensorPath) {
		return files.get(tensorPath);
	}
}
