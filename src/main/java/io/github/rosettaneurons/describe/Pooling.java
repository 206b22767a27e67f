
package io.github.rosettaneurons.describe;

import java.util.Locale;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** How a unit's map becomes one number per image when ranking images. */
public enum Pooling {

		/** Spatial mean (the reference's default, --pool_mode avg). */
		MEAN,
		/** Spatial maximum (--pool_mode max). */
		MAX,
		/**
		 * The class token of a transformer layer, as the reference does for ViT
		 * outputs.
		 */
		CLS;

	public static Pooling parse(String text) {
		try {
			return valueOf(text.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("Unknown pooling '" + text +
				"'. Use mean, max or cls.", e);
		}
	}

	/**
	 * (B, C) from a layer's output: (B, C, h, w) maps for MEAN and MAX, (B,
	 * tokens, C) for CLS; (B, C) is taken as it is.
	 */
	NDArray pool(NDArray output) {
		Shape shape = output.getShape();
		if (shape.dimension() == 2) return output;
		if (this == CLS) return output.get(":, 0, :");
		NDArray flat = output.reshape(shape.get(0), shape.get(1), -1);
		return this == MEAN ? flat.sum(new int[] { 2 }).div(flat.getShape().get(2))
			: flat.max(new int[] { 2 });
	}

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}
}
