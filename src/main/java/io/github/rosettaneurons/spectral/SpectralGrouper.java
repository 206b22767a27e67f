
package io.github.rosettaneurons.spectral;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.Preprocessor;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.Adam;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;

/**
 * Layer-distributed spectral grouping of single images: one forward pass, one
 * graph per chosen layer, and one soft assignment (a logit table on the finest
 * layer's grid) fitted to all graphs at once by Adam on the spectral loss, then
 * re-orthogonalised, coloured and segmented.
 */
public final class SpectralGrouper {

	private final Network network;
	private final List<GraphLayer> layers;
	private final SpectralSettings settings;
	private final Preprocessor preprocessor;

	public SpectralGrouper(Network network, List<GraphLayer> layers,
		SpectralSettings settings)
	{
		if (layers.isEmpty()) throw new IllegalArgumentException(
			"Spectral grouping needs at least one layer.");
		this.network = network;
		this.layers = List.copyOf(layers);
		this.settings = settings;
		this.preprocessor = new Preprocessor(network.manifest());
	}

	public ImageGrouping group(SourceImage image, Progress progress) {
		try (NDManager scope = network.newScope()) {
			Map<String, NDArray> activations = network.activations(preprocessor
				.toBatch(scope, List.of(image)), GraphLayer.outputs(layers));
			return group(scope, activations, image, progress);
		}
	}

	/**
	 * Groups one image whose activations (batch of one, in {@code scope}) were
	 * computed already.
	 */
	public ImageGrouping group(NDManager scope, Map<String, NDArray> activations,
		SourceImage image, Progress progress)
	{
		return fit(scope, activations, List.of(image), progress).get(0);
	}

	/**
	 * Fits assignments for images whose activations are given, as one graph per
	 * layer over all their pixels (one image in single-image mode); results in
	 * the order of {@code images}.
	 */
	List<ImageGrouping> fit(NDManager scope, Map<String, NDArray> activations,
		List<SourceImage> images, Progress progress)
	{
		try (Problem problem = problem(scope, activations, false);
				SpectralObjective objective = problem.objective(scope))
		{
			Shape table = new Shape(images.size(), settings.channels(), problem
				.gridHeight(), problem.gridWidth());
			NDArray logits = initialLogits(scope, table, settings.seed());
			double loss = SpectralSolver.solve(objective, logits, scope.zeros(table),
				scope.zeros(table), 0, settings.steps(), Adam.withDefaultBetas(settings
					.learningRate()), progress, images.get(0).name());
			return Groupings.of(logits, images, settings, loss);
		}
	}

	/** The graphs of every layer over a batch's pixels and the grid the assignments live on (the finest layer's). */
	record Problem(List<PixelGraph> graphs, List<SpectralObjective.Term> terms, int gridHeight, int gridWidth,
		SpectralSettings settings) implements AutoCloseable
	{

	SpectralObjective objective(NDManager scope) {
		return new SpectralObjective(scope, terms, gridHeight, gridWidth, settings
			.eigenWeight(), settings.orthoWeight());
	}

	@Override
	public void close() {
		for (PixelGraph graph : graphs)
			graph.close();
	}

	}

	/**
	 * One graph per layer from a batch's activations. With
	 * {@code weightByResolution} each layer's term is weighted by grid height /
	 * layer height, as the reference's dataset mode does; otherwise all layers
	 * count equally.
	 */
	Problem problem(NDManager scope, Map<String, NDArray> activations,
		boolean weightByResolution)
	{
		List<PixelGraph> graphs = new ArrayList<>();
		try {
			int gridHeight = 0;
			int gridWidth = 0;
			for (GraphLayer layer : layers) {
				Shape shape = activations.get(layer.query().output()).getShape();
				Shape keyShape = activations.get(layer.key().output()).getShape();
				if (shape.dimension() != 4 || !sameGrid(shape, keyShape))
					throw new IllegalArgumentException("Layer '" + layer.label() +
						"' gives query maps " + shape + " and key maps " + keyShape +
						"; spectral grouping " +
						"needs (batch, channels, h, w) maps on one grid.");
				graphs.add(graph(scope, activations.get(layer.query().output()),
					activations.get(layer.key().output())));
				if (shape.get(2) * shape.get(3) > (long) gridHeight * gridWidth) {
					gridHeight = (int) shape.get(2);
					gridWidth = (int) shape.get(3);
				}
			}
			List<SpectralObjective.Term> terms = new ArrayList<>();
			for (int i = 0; i < layers.size(); i++) {
				Shape shape = activations.get(layers.get(i).query().output())
					.getShape();
				int height = (int) shape.get(2);
				terms.add(new SpectralObjective.Term(graphs.get(i), height, (int) shape
					.get(3), weightByResolution ? (double) gridHeight / height : 1));
			}
			return new Problem(graphs, terms, gridHeight, gridWidth, settings);
		}
		catch (RuntimeException e) {
			for (PixelGraph graph : graphs)
				graph.close();
			throw e;
		}
	}

	private static boolean sameGrid(Shape a, Shape b) {
		return a.get(0) == b.get(0) && a.get(2) == b.get(2) && a.get(3) == b.get(3);
	}

	/**
	 * The graph of one layer over all pixels of the batch, from (B, C, h, w)
	 * query and key maps.
	 */
	private PixelGraph graph(NDManager scope, NDArray queryMaps,
		NDArray keyMaps)
	{
		NDArray queries = pixelRows(queryMaps);
		NDArray keys = keyMaps == queryMaps ? queries : pixelRows(keyMaps);
		Shape shape = queryMaps.getShape();
		int pixelsPerImage = (int) (shape.get(2) * shape.get(3));
		return settings.graph() == SpectralSettings.Graph.COSINE ? new LowRankGraph(
			scope, queries, keys) : new KnnGraph(scope, queries, keys, pixelsPerImage,
				settings.intraNeighbours(), settings.interNeighbours(), settings
					.threshold());
	}

	/**
	 * (B, C, h, w) to (B·h·w, C): one row per pixel, images one after the other.
	 */
	static NDArray pixelRows(NDArray maps) {
		long channels = maps.getShape().get(1);
		return maps.transpose(0, 2, 3, 1).reshape(-1, channels);
	}

	/**
	 * Seeded N(0, 0.1²) logits, so results repeat exactly for a seed whatever the
	 * engine's random state.
	 */
	static NDArray initialLogits(NDManager manager, Shape shape, long seed) {
		Random random = new Random(seed);
		float[] values = new float[(int) shape.size()];
		for (int i = 0; i < values.length; i++)
			values[i] = (float) (0.1 * random.nextGaussian());
		return manager.create(values, shape);
	}

	public List<GraphLayer> layers() {
		return layers;
	}

	public Network network() {
		return network;
	}

	public SpectralSettings settings() {
		return settings;
	}

	/** The layers the network must return. */
	public List<LayerSpec> outputs() {
		return GraphLayer.outputs(layers);
	}
}
