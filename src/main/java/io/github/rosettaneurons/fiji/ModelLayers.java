
package io.github.rosettaneurons.fiji;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelManifest;
import io.github.rosettaneurons.engine.ModelPackage;

/**
 * The layer inputs of a command (kinds LAYERS and LAYER) against the package of
 * its {@code model} input: the names a dialog offers, and the check that every
 * name given exists before anything runs.
 */
final class ModelLayers {

	/** The input whose package the layer inputs name layers of. */
	static final String MODEL_KEY = "model";

	private ModelLayers() {}

	static boolean isLayerField(DialogField field) {
		return field.kind() == DialogField.Kind.LAYERS || field
			.kind() == DialogField.Kind.LAYER;
	}

	/**
	 * Every layer of the package, attention projections included, as a user names
	 * them.
	 */
	static List<String> names(File model) {
		return ModelPackage.readManifest(model.toPath()).allLayers().stream().map(
			LayerSpec::name).toList();
	}

	/**
	 * Fails with the package's one message (it lists the layers that exist) when
	 * a layer input names a layer the package lacks; names are separated by
	 * commas, and by '|' in query|key pairs.
	 */
	static void validate(List<DialogField> fields, Map<String, Object> inputs) {
		if (!(inputs.get(MODEL_KEY) instanceof File model)) return;
		ModelManifest manifest = null;
		for (DialogField field : fields) {
			if (!isLayerField(field) || !(inputs.get(field
				.key()) instanceof String text)) continue;
			for (String name : Arrays.stream(text.split("[,|]")).map(String::trim)
				.filter(n -> !n.isEmpty()).toList())
			{
				if (manifest == null) manifest = ModelPackage.readManifest(model
					.toPath());
				manifest.layer(name);
			}
		}
	}
}
