package io.github.rosettaneurons.dissect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.ConceptMasks;

import java.util.Arrays;
import java.util.List;

/**
 * The ground truth of a batch of images (one segmentation size) as matrices for the tally GEMMs, over only the
 * labels present in the batch: per image a (pixels × labels) count matrix (how many of the image's label layers
 * give each pixel each label; an image-level label covers every pixel), the pixel count of each label
 * (the "truth"), and which categories each image has labels of. Label 0 (unlabelled) is never a concept.
 */
final class ConceptBatch {

	final int images;
	final int width;
	final int height;
	/** Global label numbers of the columns. */
	final int[] labels;
	/** Per column, the index of its primary category among the scored ones, or −1 when it is not scored. */
	final int[] categoryOfColumn;
	/** (images × pixels × columns) counts, row-major. */
	private final float[] counts;
	/** Pixels per column over the batch. */
	final long[] truth;
	/** (images × categories): whether the image has any label of the category. */
	private final float[] categoryPresent;
	final int categories;

	/**
	 * @param primaryCategory per global label number, the index of its primary category, or −1
	 */
	ConceptBatch(List<ConceptMasks> masks, int[] primaryCategory, int categories) {
		images = masks.size();
		width = masks.get(0).width();
		height = masks.get(0).height();
		this.categories = categories;
		int pixels = width * height;
		int[] column = new int[primaryCategory.length];
		Arrays.fill(column, -1);
		int columns = 0;
		int[] present = new int[primaryCategory.length];
		for (ConceptMasks image : masks) {
			if (image.width() != width || image.height() != height) throw new IllegalArgumentException(
				"Images of one tally batch must share their segmentation size");
			for (ConceptMasks.Layer layer : image.layers())
				for (int label : layer.labels()) if (label != 0 && column[label] < 0) {
					column[label] = columns;
					present[columns++] = label;
				}
			for (ConceptMasks.ImageLabel label : image.imageLabels()) if (label.label() != 0 && column[label.label()] < 0) {
				column[label.label()] = columns;
				present[columns++] = label.label();
			}
		}
		labels = Arrays.copyOf(present, columns);
		categoryOfColumn = new int[columns];
		for (int c = 0; c < columns; c++) categoryOfColumn[c] = primaryCategory[labels[c]];
		counts = new float[images * pixels * columns];
		truth = new long[columns];
		categoryPresent = new float[images * categories];
		for (int i = 0; i < images; i++) {
			ConceptMasks image = masks.get(i);
			int offset = i * pixels * columns;
			for (ConceptMasks.Layer layer : image.layers()) {
				int[] pixelLabels = layer.labels();
				for (int p = 0; p < pixels; p++) if (pixelLabels[p] != 0) {
					int c = column[pixelLabels[p]];
					counts[offset + p * columns + c]++;
					count(i, c, 1);
				}
			}
			for (ConceptMasks.ImageLabel label : image.imageLabels()) {
				if (label.label() == 0) continue;
				int c = column[label.label()];
				for (int p = 0; p < pixels; p++) counts[offset + p * columns + c]++;
				count(i, c, pixels);
			}
		}
	}

	private void count(int image, int column, int pixels) {
		truth[column] += pixels;
		if (categoryOfColumn[column] >= 0) categoryPresent[image * categories + categoryOfColumn[column]] = 1;
	}

	int pixels() {
		return width * height;
	}

	/** (images, pixels, columns). */
	NDArray counts(NDManager manager) {
		return manager.create(counts, new Shape(images, pixels(), labels.length));
	}

	/** (columns, categories) one-hot of each column's primary category (zero rows for unscored labels). */
	NDArray columnCategories(NDManager manager) {
		float[] oneHot = new float[labels.length * categories];
		for (int c = 0; c < labels.length; c++) if (categoryOfColumn[c] >= 0) oneHot[c * categories + categoryOfColumn[c]] = 1;
		return manager.create(oneHot, new Shape(labels.length, categories));
	}

	/** (images, categories). */
	NDArray categoryPresent(NDManager manager) {
		return manager.create(categoryPresent, new Shape(images, categories));
	}
}
