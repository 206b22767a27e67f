
package io.github.rosettaneurons.rosetta;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.ImageSource;
import io.github.rosettaneurons.data.Preprocessor;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.Network;

/**
 * The Rosetta score computed the slow, obvious way, for checking the engine's
 * GEMMs: global z-scores, both maps resized to the larger grid by explicit
 * half-pixel bilinear interpolation, cosine over every image and pixel.
 */
final class DirectCorrelation {

	private DirectCorrelation() {}

	/** Raw maps [image][unit][y][x] of one layer, one image at a time. */
	static double[][][][] maps(Network network, LayerSpec layer,
		ImageSource source)
	{
		double[][][][] maps = new double[source.size()][][][];
		Preprocessor preprocessor = new Preprocessor(network.manifest());
		for (int n = 0; n < source.size(); n++) {
			try (NDManager scope = network.newScope()) {
				NDArray input = preprocessor.toBatch(scope, List.of(source.get(n)));
				NDArray out = network.activations(input, List.of(layer)).get(layer
					.output());
				Shape shape = out.getShape();
				int c = (int) shape.get(1), h = (int) shape.get(2), w = (int) shape.get(
					3);
				float[] values = out.toFloatArray();
				maps[n] = new double[c][h][w];
				for (int k = 0; k < c; k++)
					for (int y = 0; y < h; y++)
						for (int x = 0; x < w; x++)
							maps[n][k][y][x] = values[(k * h + y) * w + x];
			}
		}
		return maps;
	}

	/**
	 * Row-major (units of a) × (units of b) scores: the cosine over all images.
	 */
	static double[] table(double[][][][] a, double[][][][] b) {
		return table(a, b, 0, a.length);
	}

	/**
	 * The cosine over images {@code first .. end - 1}, with z-scores from all
	 * images.
	 */
	static double[] table(double[][][][] a, double[][][][] b, int first,
		int end)
	{
		int height = Math.max(a[0][0].length, b[0][0].length);
		int width = Math.max(a[0][0][0].length, b[0][0][0].length);
		double[][][][] za = resized(zScored(a), height, width);
		double[][][][] zb = resized(zScored(b), height, width);
		int ca = a[0].length, cb = b[0].length;
		double[] table = new double[ca * cb];
		for (int i = 0; i < ca; i++)
			for (int j = 0; j < cb; j++) {
				double product = 0, normA = 0, normB = 0;
				for (int n = first; n < end; n++)
					for (int y = 0; y < height; y++)
						for (int x = 0; x < width; x++) {
							product += za[n][i][y][x] * zb[n][j][y][x];
							normA += za[n][i][y][x] * za[n][i][y][x];
							normB += zb[n][j][y][x] * zb[n][j][y][x];
						}
				double denominator = Math.sqrt(normA * normB);
				table[i * cb + j] = denominator > 0 ? product / denominator : 0;
			}
		return table;
	}

	/**
	 * Unbiased standard deviation of one unit over images
	 * {@code first .. end - 1} and all their pixels.
	 */
	static double std(double[][][][] maps, int unit, int first, int end) {
		double sum = 0, squares = 0;
		long count = 0;
		for (int n = first; n < end; n++)
			for (double[] row : maps[n][unit])
				for (double v : row) {
					sum += v;
					squares += v * v;
					count++;
				}
		return Math.sqrt(Math.max(squares - sum * sum / count, 0) / (count - 1));
	}

	private static double[][][][] zScored(double[][][][] maps) {
		int units = maps[0].length;
		double[][][][] z = new double[maps.length][units][][];
		for (int c = 0; c < units; c++) {
			double sum = 0;
			long count = 0;
			for (double[][][] image : maps)
				for (double[] row : image[c])
					for (double v : row) {
						sum += v;
						count++;
					}
			double mean = sum / count;
			double std = std(maps, c, 0, maps.length) + 1e-5;
			for (int n = 0; n < maps.length; n++) {
				z[n][c] = new double[maps[n][c].length][maps[n][c][0].length];
				for (int y = 0; y < z[n][c].length; y++)
					for (int x = 0; x < z[n][c][y].length; x++)
						z[n][c][y][x] = (maps[n][c][y][x] - mean) / std;
			}
		}
		return z;
	}

	private static double[][][][] resized(double[][][][] maps, int height,
		int width)
	{
		double[][][][] out = new double[maps.length][maps[0].length][][];
		for (int n = 0; n < maps.length; n++)
			for (int c = 0; c < maps[n].length; c++) {
				double[][] in = maps[n][c];
				int h = in.length, w = in[0].length;
				out[n][c] = new double[height][width];
				for (int y = 0; y < height; y++) {
					double sy = Math.max((y + 0.5) * h / height - 0.5, 0);
					int y0 = Math.min((int) sy, h - 1), y1 = Math.min(y0 + 1, h - 1);
					double fy = sy - y0;
					for (int x = 0; x < width; x++) {
						double sx = Math.max((x + 0.5) * w / width - 0.5, 0);
						int x0 = Math.min((int) sx, w - 1), x1 = Math.min(x0 + 1, w - 1);
						double fx = sx - x0;
						out[n][c][y][x] = (1 - fy) * ((1 - fx) * in[y0][x0] + fx *
							in[y0][x1]) + fy * ((1 - fx) * in[y1][x0] + fx * in[y1][x1]);
					}
				}
			}
		return out;
	}
}
