
package io.github.rosettaneurons.rosetta;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Pass-1 sums of one layer, in float64 so that the mean and variance of
 * millions of values stay exact; every field is a sum, so shards merge by
 * adding.
 */
final class LayerStatistics {

	final int units;
	final double[] sum;
	final double[] sumSquares;
	/**
	 * Σ over images of (Σ over pixels)², for the share of variance that is
	 * spatial (within images).
	 */
	final double[] imageSumSquares;
	final double[] batchMeans;
	final double[] batchVariances;
	long values;
	long pixelsPerImage;
	long batches;

	LayerStatistics(int units) {
		this.units = units;
		sum = new double[units];
		sumSquares = new double[units];
		imageSumSquares = new double[units];
		batchMeans = new double[units];
		batchVariances = new double[units];
	}

	/**
	 * Adds one batch of maps (N, C, h, w); returns each image's per-unit sums
	 * over its pixels.
	 */
	ImageSums add(NDArray maps) {
		int images = (int) maps.getShape().get(0);
		long pixels = maps.getShape().get(2) * maps.getShape().get(3);
		double[] perImage;
		double[] batchSquares;
		try (NDManager local = maps.getManager().newSubManager()) { // frees the
																																// float64
																																// copies at
																																// once
			local.tempAttachAll(maps);
			NDArray wide = maps.toType(DataType.FLOAT64, false);
			perImage = wide.sum(new int[] { 2, 3 }).toDoubleArray();
			batchSquares = wide.square().sum(new int[] { 0, 2, 3 }).toDoubleArray();
		}
		long n = images * pixels;
		for (int c = 0; c < units; c++) {
			double batchSum = 0, imageSquares = 0;
			for (int i = 0; i < images; i++) {
				double v = perImage[i * units + c];
				batchSum += v;
				imageSquares += v * v;
			}
			sum[c] += batchSum;
			sumSquares[c] += batchSquares[c];
			imageSumSquares[c] += imageSquares;
			batchMeans[c] += batchSum / n;
			batchVariances[c] += n > 1 ? Math.max(batchSquares[c] - batchSum *
				batchSum / n, 0) / (n - 1) : 0;
		}
		values += n;
		pixelsPerImage = pixels;
		batches++;
		return new ImageSums(images, units, pixels, perImage);
	}

	void merge(LayerStatistics other) {
		if (other.units != units) throw new IllegalArgumentException(
			"Shards disagree on the number of units");
		for (int c = 0; c < units; c++) {
			sum[c] += other.sum[c];
			sumSquares[c] += other.sumSquares[c];
			imageSumSquares[c] += other.imageSumSquares[c];
			batchMeans[c] += other.batchMeans[c];
			batchVariances[c] += other.batchVariances[c];
		}
		values += other.values;
		pixelsPerImage = Math.max(pixelsPerImage, other.pixelsPerImage);
		batches += other.batches;
	}

	double[] mean(StdVariant variant) {
		double[] mean = new double[units];
		for (int c = 0; c < units; c++)
			mean[c] = variant == StdVariant.GLOBAL ? sum[c] / values : batchMeans[c] /
				batches;
		return mean;
	}

	double[] std(StdVariant variant) {
		double[] std = new double[units];
		for (int c = 0; c < units; c++)
			std[c] = Math.sqrt(variant == StdVariant.GLOBAL ? Math.max(sumSquares[c] -
				sum[c] * sum[c] / values, 0) / (values - 1) : batchVariances[c] /
					batches);
		return std;
	}

	/**
	 * Within-image variance over total variance, per unit: near 0 for units that
	 * fire everywhere in an image.
	 */
	double[] spatialShare() {
		double[] share = new double[units];
		for (int c = 0; c < units; c++) {
			double total = sumSquares[c] - sum[c] * sum[c] / values;
			double within = sumSquares[c] - imageSumSquares[c] / pixelsPerImage;
			share[c] = total > 0 ? Math.max(within, 0) / total : 0;
		}
		return share;
	}

	void write(DataOutputStream out) throws IOException {
		out.writeInt(units);
		out.writeLong(values);
		out.writeLong(pixelsPerImage);
		out.writeLong(batches);
		for (double[] array : new double[][] { sum, sumSquares, imageSumSquares,
			batchMeans, batchVariances })
			for (double v : array)
				out.writeDouble(v);
	}

	static LayerStatistics read(DataInputStream in) throws IOException {
		LayerStatistics stats = new LayerStatistics(in.readInt());
		stats.values = in.readLong();
		stats.pixelsPerImage = in.readLong();
		stats.batches = in.readLong();
		for (double[] array : new double[][] { stats.sum, stats.sumSquares,
			stats.imageSumSquares, stats.batchMeans, stats.batchVariances })
			for (int c = 0; c < array.length; c++)
				array[c] = in.readDouble();
		return stats;
	}
}
