
package io.github.rosettaneurons.data;

import java.util.List;

/**
 * A finite, indexable sequence of images that can be read again in the same
 * order (for multi-pass methods).
 */
public interface ImageSource {

	int size();

	/**
	 * Image {@code index}, read afresh; sources never hold all images in memory.
	 */
	SourceImage get(int index);

	/** Short description for logs and titles. */
	String describe();

	/** A source of one image already read. */
	static ImageSource of(SourceImage image) {
		return of(List.of(image), "image " + image.name());
	}

	/**
	 * A source of images already read (a few: they stay in memory), described as
	 * {@code description}.
	 */
	static ImageSource of(List<SourceImage> images, String description) {
		return new ImageSource() {

			@Override
			public int size() {
				return images.size();
			}

			@Override
			public SourceImage get(int index) {
				return images.get(index);
			}

			@Override
			public String describe() {
				return description;
			}
		};
	}

	/**
	 * The first {@code count} images of this source (all of them when it has
	 * fewer).
	 */
	default ImageSource head(int count) {
		ImageSource whole = this;
		int size = Math.min(count, whole.size());
		return new ImageSource() {

			@Override
			public int size() {
				return size;
			}

			@Override
			public SourceImage get(int index) {
				if (index >= size) throw new IndexOutOfBoundsException(index);
				return whole.get(index);
			}

			@Override
			public String describe() {
				return "first " + size + " of " + whole.describe();
			}
		};
	}
}
