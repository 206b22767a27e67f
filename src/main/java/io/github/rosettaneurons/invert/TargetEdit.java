
package io.github.rosettaneurons.invert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Edits of a generated image made by transforming the target maps of its
 * Rosetta units (the reference's shift_zoom_copypaste notebook); each works on
 * z-scored maps (P, h, w) of one layer, so every layer moves by the same
 * fraction of the image.
 */
public enum TargetEdit {

		/**
		 * Translates the maps horizontally by {@code amount} of their width (+
		 * right), padding with 0 (the mean).
		 */
		SHIFT {

			@Override
			NDArray apply(NDArray maps, NDArray second, double amount) {
				long height = maps.getShape().get(1);
				long width = maps.getShape().get(2);
				int offset = (int) Math.round(amount * width);
				if (offset == 0) return maps;
				if (Math.abs(offset) >= width) throw new IllegalArgumentException(
					"A shift of " + amount +
						" moves the maps out of the image; use a fraction between -1 and 1.");
				NDArray padding = maps.getManager().zeros(new Shape(maps.getShape().get(
					0), height, Math.abs(offset)), maps.getDataType());
				return offset > 0 ? padding.concat(maps.get(":, :, 0:" + (width -
					offset)), 2) : maps.get(":, :, " + (-offset) + ":").concat(padding,
						2);
			}
		},
		/**
		 * Magnifies the centre ×2: nearest-neighbour upscaling, then the centre
		 * crop of the original size.
		 */
		ZOOM {

			@Override
			NDArray apply(NDArray maps, NDArray second, double amount) {
				long height = maps.getShape().get(1);
				long width = maps.getShape().get(2);
				NDArray doubled = maps.repeat(1, 2).repeat(2, 2);
				long top = height / 2;
				long left = width / 2;
				return doubled.get(":, " + top + ":" + (top + height) + ", " + left +
					":" + (left + width));
			}
		},
		/**
		 * The left half of the columns from the first target, the right half from
		 * the second.
		 */
		COPY_PASTE {

			@Override
			NDArray apply(NDArray maps, NDArray second, double amount) {
				long half = maps.getShape().get(2) / 2;
				return maps.get(":, :, 0:" + half).concat(second.get(":, :, " + half +
					":"), 2);
			}

			@Override
			public boolean needsSecondTarget() {
				return true;
			}
		};

	/**
	 * The edited target maps; {@code second} is the second target's maps
	 * (copy-paste only, else ignored).
	 */
	abstract NDArray apply(NDArray maps, NDArray second, double amount);

	public boolean needsSecondTarget() {
		return false;
	}
}
