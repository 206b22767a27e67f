package io.github.rosettaneurons.rosetta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import io.github.rosettaneurons.data.SourceImage;

import java.util.Map;

/**
 * The images every model sees during mining, addressed by index so that each pass (and each shard) reads the
 * same images: generator samples by seed, or a folder of real images.
 */
public interface MiningImages {

	int size();

	/**
	 * Activations of images {@code first .. first + count - 1}: model name → layer output key → (B, C, h, w),
	 * created in {@code scope}.
	 */
	Map<String, Map<String, NDArray>> activations(int first, int count, NDManager scope);

	/** Image {@code index} itself, as shown to the user (values in [0, 1]). */
	SourceImage image(int index);

	String describe();
}
