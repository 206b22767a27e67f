
package io.github.rosettaneurons.dissect;

import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.ConceptMasks;

/**
 * The ground truth of a batch of images (one segmentation size) as matrices for
 * the tally GEMMs: per image a (pixels × (1 + its labels)) count matrix whose
 * first column is all ones (it counts a unit's active pixels) and whose other
 * columns say how many of the image's label layers give each pixel each of the
 * image's labels (an image-level label covers every pixel); the pixel count of
 * each label present in the batch (the "truth"), and which categories each
 * image has labels of. Label 0 (unlabelled) is never a concept.
 */
final class ConceptBatch {

	final int images;
	final int width;
	final int height;
	/** Global label numbers of the columns. */
	final int[] labels;
	/**
	 * Per column, the index of its primary category among the scored ones, or −1
	 * when it is not scored.
	 */
	final int[] categoryOfColumn;
	/**
	 * Per image, the batch columns of its labels, in the order of its count
	 * matrix's columns 1...
	 */
	final int[][] imageColumns;
	/** Per image, its (pixels × (1 + labels)) count matrix, row-major. */
	private final float[][] counts;
	/** Pixels per column over the batch. */
	final long[] truth;
	/** (images × categories): whether the image has any label of the category. */
	private final boolean[] categoryPresent;
	final int categories;

	/**
	 * @param primaryCategory per global label number, the index of its primary
	 *          category, or −1
	 */
	ConceptBatch(List<ConceptMasks> masks, int[] primaryCategory,
		int categories)
	{
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
			if (image.width() != width || image.height() != height)
				throw new IllegalArgumentException(
					"Images of one tally batch must share their segmentation size");
			for (ConceptMasks.Layer layer : image.layers())
				for (int label : layer.labels())
					if (label != 0 && column[label] < 0) {
						column[label] = columns;
						present[columns++] = label;
					}
			for (ConceptMasks.ImageLabel label : image.imageLabels())
				if (label.label() != 0 && column[label.label()] < 0) {
					column[label.label()] = columns;
					present[columns++] = label.label();
				}
		}
		labels = Arrays.copyOf(present, columns);
		categoryOfColumn = new int[columns];
		for (int c = 0; c < columns; c++)
			categoryOfColumn[c] = primaryCategory[labels[c]];
		imageColumns = new int[images][];
		counts = new float[images][];
		truth = new long[columns];
		categoryPresent = new boolean[images * categories];
		int[] slot = new int[columns];
		for (int i = 0; i < images; i++) {
			ConceptMasks image = masks.get(i);
			Arrays.fill(slot, 0);
			int[] own = new int[columns];
			int matrixColumns = 1;
			for (ConceptMasks.Layer layer : image.layers())
				for (int label : layer.labels())
					if (label != 0 && slot[column[label]] == 0) {
						own[matrixColumns - 1] = column[label];
						slot[column[label]] = matrixColumns++;
					}
			for (ConceptMasks.ImageLabel label : image.imageLabels())
				if (label.label() != 0 && slot[column[label.label()]] == 0) {
					own[matrixColumns - 1] = column[label.label()];
					slot[column[label.label()]] = matrixColumns++;
				}
			imageColumns[i] = Arrays.copyOf(own, matrixColumns - 1);
			float[] matrix = new float[pixels * matrixColumns];
			for (int p = 0; p < pixels; p++)
				matrix[p * matrixColumns] = 1;
			for (ConceptMasks.Layer layer : image.layers()) {
				int[] pixelLabels = layer.labels();
				for (int p = 0; p < pixels; p++)
					if (pixelLabels[p] != 0) {
						int c = column[pixelLabels[p]];
						matrix[p * matrixColumns + slot[c]]++;
						count(i, c, 1);
					}
			}
			for (ConceptMasks.ImageLabel label : image.imageLabels()) {
				if (label.label() == 0) continue;
				int c = column[label.label()];
				for (int p = 0; p < pixels; p++)
					matrix[p * matrixColumns + slot[c]]++;
				count(i, c, pixels);
			}
			counts[i] = matrix;
		}
	}

	private void count(int image, int column, int pixels) {
		truth[column] += pixels;
		if (categoryOfColumn[column] >= 0) categoryPresent[image * categories +
			categoryOfColumn[column]] = true;
	}

	int pixels() {
		return width * height;
	}

	/**
	 * Image {@code image}'s (pixels, 1 + labels) count matrix; column 0 is all
	 * ones.
	 */
	NDArray counts(NDManager manager, int image) {
		return manager.create(counts[image], new Shape(pixels(),
			counts[image].length / pixels()));
	}

	/**
	 * Every image's count matrix with its columns padded with zeros to
	 * {@code columns}: (images × pixels, columns).
	 */
	NDArray paddedCounts(NDManager manager, int columns) {
		int pixels = pixels();
		float[] padded = new float[images * pixels * columns];
		for (int image = 0; image < images; image++) {
			int own = counts[image].length / pixels;
			for (int p = 0; p < pixels; p++)
				System.arraycopy(counts[image], p * own, padded, (image * pixels + p) *
					columns, own);
		}
		return manager.create(padded, new Shape((long) images * pixels, columns));
	}

	/** Whether image {@code image} has any label of category {@code category}. */
	boolean categoryPresent(int image, int category) {
		return categoryPresent[image * categories + category];
	}
}
