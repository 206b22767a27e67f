
package io.github.rosettaneurons.describe;

import java.util.List;

import io.github.rosettaneurons.data.SourceImage;

/**
 * Image similarity without a multimodal encoder: an image's vector is the
 * target layer's pooled activations of all units, L2-normalised (the reference
 * uses CLIP ViT-B/16 instead).
 */
public final class NetworkFeatures implements ImageEmbedder {

	private final LayerReader reader;

	public NetworkFeatures(LayerReader reader) {
		this.reader = reader;
	}

	@Override
	public String name() {
		return "features of " + reader.describe();
	}

	@Override
	public float[][] embed(List<SourceImage> images) {
		float[] pooled = reader.pooled(images);
		int units = images.isEmpty() ? 0 : pooled.length / images.size();
		float[][] rows = new float[images.size()][];
		for (int i = 0; i < rows.length; i++)
			rows[i] = Vectors.normalised(java.util.Arrays.copyOfRange(pooled, i *
				units, (i + 1) * units));
		return rows;
	}
}
