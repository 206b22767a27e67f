
package io.github.rosettaneurons.engine;

import java.util.List;
import java.util.Map;

/**
 * The layout a manifest is written in, from its {@code format_version}: it
 * decides how tensors, test tensors and preprocessing are read.
 */
enum ManifestFormat {

		/**
		 * BioImage.IO 0.5: axis objects, a test tensor per input and output,
		 * preprocessing ids with kwargs.axis.
		 */
		BIOIMAGEIO_0_5,
		/**
		 * BioImage.IO 0.4: axes strings with shapes, tensor names,
		 * test_inputs/test_outputs, zero_mean_unit_variance modes.
		 */
		BIOIMAGEIO_0_4,
		/**
		 * This plugin's earlier form: axes 'bcyx' with a shape and config.rosetta,
		 * no test tensors.
		 */
		EARLIER;

	static ManifestFormat of(ManifestReader in, Map<?, ?> root) {
		Object type = root.get("type");
		if (type != null && !"model".equals(type)) throw in.invalid("type", "is '" +
			type + "'", "A model package has type: model");
		Object version = root.get("format_version");
		if (version == null) return EARLIER;
		String text = String.valueOf(version).trim();
		if (text.matches("0\\.5\\.\\d+")) return hasTextAxes(root) ? EARLIER
			: BIOIMAGEIO_0_5;
		if (text.matches("0\\.4\\.\\d+")) return BIOIMAGEIO_0_4;
		throw in.invalid("format_version", "is '" + text + "'",
			"The plugin reads BioImage.IO model manifests of " +
				"format 0.4.x and 0.5.x (e.g. format_version: 0.5.4): update the package with bioimageio.spec's " +
				"update_format, or re-export the model with tools/export_model.py");
	}

	/** The plugin's earlier files said 0.5.4 but kept 0.4-style 'bcyx' axes. */
	private static boolean hasTextAxes(Map<?, ?> root) {
		for (String key : List.of("inputs", "outputs")) {
			if (root.get(key) instanceof List<?> tensors && !tensors.isEmpty() &&
				tensors.get(0) instanceof Map<?, ?> tensor && tensor.get(
					"axes") instanceof String) return true;
		}
		return false;
	}

	/** The key that names a tensor: 0.4 says name, 0.5 says id. */
	String tensorIdKey() {
		return this == BIOIMAGEIO_0_4 ? "name" : "id";
	}

	boolean isBioImageIo() {
		return this != EARLIER;
	}
}
