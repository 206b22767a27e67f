
package io.github.rosettaneurons.rosetta;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.BilinearResize;

/**
 * Exact correlation of two maps of different sizes, as if both were bilinearly
 * resized (half-pixel) to the larger size, without ever materialising the
 * resized maps. With R the 1-D resize matrices (target × native): Σ up(A)·up(B)
 * = Σ A ⊙ (R_hAᵀ R_hB · B · R_wBᵀ R_wA), computed at A's (smaller) grid, and
 * ‖up(X)‖² = Σ X ⊙ (G_h · X · G_w) with the Gram matrices G = RᵀR, which are
 * tridiagonal (every resized sample mixes two neighbours): so ‖up(X)‖² only
 * needs the products of each pixel with its neighbours, summed over the images,
 * whatever the grid. Σ up(X) = Σ X ⊙ (1ᵀR_h)ᵀ(1ᵀR_w). The small matrices are
 * built once per size combination and cached.
 */
final class PairResampling {

	/** A grid of {@code height} × {@code width} pixels. */
	record Grid(int height, int width) {}

	/**
	 * Where a move takes maps: onto grid {@code to}, both grids being resized to
	 * {@code target}.
	 */
	record Destination(Grid to, Grid target) {}

	/**
	 * Neighbour offsets (dy, dx) whose products make ‖up(X)‖²: the pixel itself
	 * and one of each pair of opposite neighbours (the other has the same
	 * products).
	 */
	private static final int[][] NEIGHBOURS = { { 0, 0 }, { 0, 1 }, { 1, -1 }, {
		1, 0 }, { 1, 1 } };

	private final NDManager manager;
	private final DataType type;
	private final Map<String, NDArray[]> operators = new HashMap<>();
	private final Map<String, NDArray> denseOperators = new HashMap<>();
	private final Map<String, NDArray[]> momentWeights = new HashMap<>();

	PairResampling(NDManager manager, DataType type) {
		this.manager = manager;
		this.type = type;
	}

	/**
	 * Maps (X, Y, h, w) — any two leading axes — moved onto a (toH, toW) grid by
	 * R_toᵀR_from per axis, with both grids resized to (targetH, targetW).
	 */
	NDArray move(NDArray maps, int toH, int toW, int targetH, int targetW) {
		Shape shape = maps.getShape();
		return move(maps, List.of(new Destination(new Grid(toH, toW), new Grid(
			targetH, targetW)))).get(0).reshape(shape.get(0), shape.get(1), toH, toW);
	}

	/**
	 * Maps (X, Y, h, w) moved onto each destination's grid, as contiguous (X,
	 * Y·toH·toW) arrays: by one dense GEMM with all destinations' 2-D operators
	 * where that costs at most {@link #DENSE_WORK} times the separable moves'
	 * multiply-adds (small maps), else separably.
	 */
	List<NDArray> move(NDArray maps, List<Destination> destinations) {
		Shape shape = maps.getShape();
		return movesDensely((int) shape.get(2), (int) shape.get(3), destinations)
			? moveDensely(maps, destinations) : moveSeparably(maps, destinations);
	}

	/** Whether maps of h × w move densely onto these destinations. */
	static boolean movesDensely(int h, int w, List<Destination> destinations) {
		long dense = 0, separable = 0;
		for (Destination d : destinations) {
			dense += (long) h * w * d.to().height() * d.to().width();
			separable += (long) h * w * d.to().width() + (long) h * d.to().height() *
				d.to().width();
		}
		return dense <= DENSE_WORK * separable;
	}

	/**
	 * How many times the separable moves' multiply-adds a dense move may cost:
	 * the separable products' inner dimensions are a map's side, so they run
	 * at a fraction of the matmul peak (a 14 × 14 ResNet-50 map moved onto 7 × 7
	 * on this project's machine: dense 2.6 ms at 4.7 times the work, separable
	 * 7.1 ms; 28 × 28 onto 14 × 14 and 7 × 7: dense 21 ms at 8.2 times, separable
	 * 9.2 ms).
	 */
	static final int DENSE_WORK = 5;

	/**
	 * One GEMM (X·Y, h·w) × (h·w, Σ toH·toW) with every destination's Kronecker
	 * operator P_h ⊗ P_w side by side.
	 */
	private List<NDArray> moveDensely(NDArray maps,
		List<Destination> destinations)
	{
		Shape shape = maps.getShape();
		int h = (int) shape.get(2), w = (int) shape.get(3);
		NDArray operator = denseOperators.computeIfAbsent(h + "x" + w + ">" +
			destinations, k -> denseOperator(h, w, destinations));
		NDArray all = maps.reshape(shape.get(0) * shape.get(1), (long) h * w)
			.matMul(operator);
		List<NDArray> moved = new ArrayList<>();
		int offset = 0;
		for (Destination d : destinations) {
			int pixels = d.to().height() * d.to().width();
			// one destination's columns: a view when it is the only one, else copied
			moved.add(all.get(columns(1, offset, offset + pixels)).reshape(shape.get(
				0), -1));
			offset += pixels;
		}
		return moved;
	}

	/** (h·w × Σ toH·toW): every destination's P_h ⊗ P_w, transposed. */
	private NDArray denseOperator(int h, int w, List<Destination> destinations) {
		int columns = destinations.stream().mapToInt(d -> d.to().height() * d.to()
			.width()).sum();
		double[] values = new double[h * w * columns];
		int offset = 0;
		for (Destination d : destinations) {
			Grid to = d.to(), target = d.target();
			double[] rows = transfer(to.height(), h, target.height());
			double[] cols = transfer(to.width(), w, target.width());
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					for (int i = 0; i < to.height(); i++)
						for (int j = 0; j < to.width(); j++)
							values[(y * w + x) * columns + offset + i * to.width() + j] =
								rows[i * h + y] * cols[j * w + x];
			offset += to.height() * to.width();
		}
		return create(values, new Shape(h * w, columns));
	}

	/**
	 * One GEMM over all maps applies every destination's column operator
	 * (reading the maps once), then one batched product per destination its row
	 * operator, which leaves the result in place.
	 */
	private List<NDArray> moveSeparably(NDArray maps,
		List<Destination> destinations)
	{
		Shape shape = maps.getShape();
		int h = (int) shape.get(2), w = (int) shape.get(3);
		long leading = shape.get(0) * shape.get(1);
		NDArray[] operator = operators.computeIfAbsent(h + "x" + w + ">" +
			destinations, k -> operators(h, w, destinations));
		int columns = (int) operator[0].getShape().get(1);
		NDArray byColumn = maps.reshape(leading * h, w).matMul(operator[0]).reshape(
			leading, h, columns);
		List<NDArray> moved = new ArrayList<>();
		int offset = 0;
		for (int d = 0; d < destinations.size(); d++) {
			Grid to = destinations.get(d).to();
			NDArray rows = operator[1 + d].broadcast(leading, to.height(), h);
			NDArray result = rows.batchMatMul(byColumn.get(columns(2, offset, offset +
				to.width())));
			offset += to.width();
			// an op's result belongs to its first operand's manager: hand it to the
			// maps' (per-batch) scope, or the cached matrices' long-lived manager
			// would keep every batch's result
			result.attach(maps.getManager());
			rows.attach(maps.getManager());
			moved.add(result.reshape(shape.get(0), -1));
		}
		return moved;
	}

	/**
	 * {every destination's P_wᵀ side by side (w × ΣtoW), then each one's P_h (1 ×
	 * toH × h)}.
	 */
	private NDArray[] operators(int h, int w, List<Destination> destinations) {
		int columns = destinations.stream().mapToInt(d -> d.to().width()).sum();
		double[] columnOperators = new double[w * columns];
		NDArray[] result = new NDArray[1 + destinations.size()];
		int offset = 0;
		for (int d = 0; d < destinations.size(); d++) {
			Grid to = destinations.get(d).to(), target = destinations.get(d).target();
			double[] transfer = transfer(to.width(), w, target.width());
			for (int j = 0; j < to.width(); j++)
				for (int l = 0; l < w; l++)
					columnOperators[l * columns + offset + j] = transfer[j * w + l];
			offset += to.width();
			result[1 + d] = create(transfer(to.height(), h, target.height()),
				new Shape(1, to.height(), h));
		}
		result[0] = create(columnOperators, new Shape(w, columns));
		return result;
	}

	private NDArray create(double[] values, Shape shape) {
		return manager.create(values, shape).toType(type, false);
	}

	/** (to × from) matrix R_toᵀ·R_from for sizes resized to {@code target}. */
	private static double[] transfer(int to, int from, int target) {
		return BilinearResize.transposeTimes(BilinearResize.matrix(to, target),
			target, to, BilinearResize.matrix(from, target), from);
	}

	/**
	 * Per channel of channel-first maps (C, N, h, w), ‖up(X)‖² and Σ up(X) for X
	 * resized to each grid: a float64 (2·grids, C) array, the squared norms
	 * first. The products of each pixel with its neighbours are summed over the
	 * images once; a small float64 product per offset weighs them for every grid
	 * (the long sums over pixels in float64, as the moments are kept), the
	 * offset's features widened alone rather than copied into one array.
	 */
	NDArray moments(NDArray maps, List<Grid> grids) {
		Shape shape = maps.getShape();
		long channels = shape.get(0);
		int h = (int) shape.get(2), w = (int) shape.get(3), pixels = h * w;
		List<int[]> neighbours = neighbours(h, w, grids);
		NDArray[] weights = momentWeights.computeIfAbsent(h + "x" + w + "@" + grids,
			k -> momentWeights(h, w, neighbours, grids));
		// on the flattened pixels a neighbour is a fixed step, so each offset's
		// products are one contiguous run per map; the steps that wrap around a
		// row's end weigh zero
		NDArray flat = maps.reshape(channels, shape.get(1), pixels);
		NDManager scope = maps.getManager();
		NDArray squares = null;
		for (int k = 0; k < neighbours.size(); k++) {
			int step = step(neighbours.get(k), w);
			NDArray products = flat.get(columns(2, 0, pixels - step)).mul(flat.get(
				columns(2, step, pixels)));
			NDArray features = products.sum(new int[] { 1 });
			// freed at once, the products' memory serves the next offset's: fresh
			// pages (what the system hands back between batches) are costly
			products.close();
			NDArray weighed = weighed(weights[k], features.toType(DataType.FLOAT64,
				false), scope);
			features.close();
			if (squares == null) squares = weighed;
			else {
				squares.addi(weighed);
				weighed.close();
			}
		}
		NDArray sums = weighed(weights[neighbours.size()], flat.sum(new int[] { 1 })
			.toType(DataType.FLOAT64, false), scope);
		return NDArrays.concat(new NDList(squares, sums));
	}

	/**
	 * Entries {@code from .. to - 1} of the last of {@code axes + 1} axes: built
	 * directly, as parsing an index string costs more than the view itself.
	 */
	private static NDIndex columns(int axes, long from, long to) {
		return new NDIndex().addAllDim(axes).addSliceDim(from, to);
	}

	/**
	 * Features (C, rows) weighed by (grids, rows) weights as a (grids, C) array
	 * of {@code scope}: libtorch runs this product, with the few grids as its
	 * rows, faster than features × weightsᵀ with them as its columns (4,096 × 784
	 * features by 2 grids in float32: 2.3 against 4.4 ms).
	 */
	private static NDArray weighed(NDArray weights, NDArray features,
		NDManager scope)
	{
		NDArray result = weights.matMul(features.transpose());
		// the result belongs to the cached weights' long-lived manager otherwise
		result.attach(scope);
		return result;
	}

	/** A neighbour offset (dy, dx) as a step along the flattened pixels. */
	private static int step(int[] offset, int w) {
		return offset[0] * w + offset[1];
	}

	/**
	 * The offsets whose products are needed: only the pixel itself when every
	 * grid is the native one (the Gram matrices are then identities).
	 */
	private static List<int[]> neighbours(int h, int w, List<Grid> grids) {
		boolean resized = grids.stream().anyMatch(g -> g.height() != h || g
			.width() != w);
		List<int[]> result = new ArrayList<>();
		for (int[] offset : NEIGHBOURS)
			if (offset[0] == 0 && offset[1] == 0 || resized && offset[0] < h && Math
				.abs(offset[1]) < w) result.add(offset);
		return result;
	}

	/**
	 * Per neighbour offset a float64 (grids × (pixels − step)) array weighing its
	 * products by G_h ⊗ G_w (twice for a neighbour, standing for its opposite
	 * too), then a (grids × pixels) array weighing the sums by (1ᵀR_h) ⊗
	 * (1ᵀR_w).
	 */
	private NDArray[] momentWeights(int h, int w, List<int[]> neighbours,
		List<Grid> grids)
	{
		int count = grids.size(), pixels = h * w;
		double[][] weights = new double[neighbours.size() + 1][];
		for (int k = 0; k < neighbours.size(); k++)
			weights[k] = new double[count * (pixels - step(neighbours.get(k), w))];
		weights[neighbours.size()] = new double[count * pixels];
		for (int g = 0; g < count; g++) {
			double[] rh = BilinearResize.matrix(h, grids.get(g).height());
			double[] rw = BilinearResize.matrix(w, grids.get(g).width());
			double[] gramH = tridiagonalGram(rh, grids.get(g).height(), h);
			double[] gramW = tridiagonalGram(rw, grids.get(g).width(), w);
			for (int k = 0; k < neighbours.size(); k++) {
				int dy = neighbours.get(k)[0], dx = neighbours.get(k)[1];
				double twice = dy == 0 && dx == 0 ? 1 : 2;
				int rows = pixels - step(neighbours.get(k), w);
				for (int p = 0; p < rows; p++) {
					int y = p / w, x = p % w;
					if (x + dx >= 0 && x + dx < w) weights[k][g * rows + p] = twice *
						gramH[y * h + y + dy] * gramW[x * w + x + dx];
				}
			}
			double[] sumsH = columnSums(rh, h), sumsW = columnSums(rw, w);
			for (int p = 0; p < pixels; p++)
				weights[neighbours.size()][g * pixels + p] = sumsH[p / w] * sumsW[p %
					w];
		}
		NDArray[] result = new NDArray[weights.length];
		for (int k = 0; k < weights.length; k++)
			result[k] = manager.create(weights[k], new Shape(count, weights[k].length /
				count));
		return result;
	}

	/** RᵀR (in × in) of a resize matrix R (out × in), checked tridiagonal. */
	private static double[] tridiagonalGram(double[] r, int out, int in) {
		double[] gram = BilinearResize.transposeTimes(r, out, in, r, in);
		for (int k = 0; k < in; k++)
			for (int l = 0; l < in; l++)
				if (Math.abs(k - l) > 1 && gram[k * in + l] != 0)
					throw new IllegalStateException(
						"A resize mixing more than two neighbours has no tridiagonal Gram matrix");
		return gram;
	}

	/**
	 * How much each input sample weighs in the sum of a row-major (out × in)
	 * resize matrix's outputs.
	 */
	private static double[] columnSums(double[] matrix, int in) {
		double[] sums = new double[in];
		for (int k = 0; k < matrix.length; k++)
			sums[k % in] += matrix[k];
		return sums;
	}
}
