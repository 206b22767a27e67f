
package io.github.rosettaneurons.spectral;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.ImageSource;
import io.github.rosettaneurons.data.Preprocessor;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.Adam;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;

/**
 * Dataset-level grouping as in the reference: a per-image logit table for every
 * image; each epoch visits the images in shuffled mini-batches, builds one
 * graph per layer over all pixels of the batch (kNN graphs link each pixel to
 * neighbours in its own image and in the other images), and takes a few Adam
 * steps on the batch's tables against the resolution-weighted loss. An
 * exponential moving average of the tables (bias-corrected) gives the result,
 * re-orthogonalised over all images together so components, colours and
 * segments are shared.
 */
public final class DatasetGrouper {

	/** Adam steps per batch visit, as in the reference. */
	static final int INNER_STEPS = 5;
	private static final double EMA_DECAY = 0.99;

	private final SpectralGrouper grouper;
	private final int batchSize;

	public DatasetGrouper(SpectralGrouper grouper) {
		this(grouper, 8);
	}

	public DatasetGrouper(SpectralGrouper grouper, int batchSize) {
		if (batchSize < 1) throw new IllegalArgumentException(
			"Batch size must be at least 1, not " + batchSize);
		this.grouper = grouper;
		this.batchSize = batchSize;
	}

	/**
	 * Groups all images of {@code source}; settings.steps() is the number of Adam
	 * steps each image's table gets.
	 */
	public List<ImageGrouping> group(ImageSource source, Progress progress) {
		SpectralSettings settings = grouper.settings();
		Network network = grouper.network();
		int count = source.size();
		int epochs = Math.max(1, settings.steps() / INNER_STEPS);
		Preprocessor preprocessor = new Preprocessor(network.manifest());
		Random shuffle = new Random(settings.seed());
		Adam adam = Adam.withDefaultBetas(settings.learningRate());
		try (NDManager store = network.newScope()) {
			List<NDArray> tables = new ArrayList<>();
			List<NDArray> first = new ArrayList<>();
			List<NDArray> second = new ArrayList<>();
			List<NDArray> average = new ArrayList<>();
			List<Integer> order = new ArrayList<>();
			for (int i = 0; i < count; i++)
				order.add(i);
			double loss = Double.NaN;
			int visits = 0;
			int batches = (count + batchSize - 1) / batchSize;
			for (int epoch = 0; epoch < epochs; epoch++) {
				Collections.shuffle(order, shuffle);
				for (int b = 0; b < batches; b++) {
					progress.checkCancelled();
					progress.report((long) epoch * batches + b, (long) epochs * batches,
						"dataset grouping: epoch " + (epoch + 1) + " of " + epochs +
							", batch " + (b + 1) + " of " + batches);
					List<Integer> members = order.subList(b * batchSize, Math.min(count,
						(b + 1) * batchSize));
					List<SourceImage> images = new ArrayList<>();
					for (int index : members)
						images.add(source.get(index));
					visits++;
					try (NDManager scope = network.newScope()) {
						Map<String, NDArray> activations = network.activations(preprocessor
							.toBatch(scope, images), grouper.outputs());
						try (SpectralGrouper.Problem problem = grouper.problem(scope,
							activations, true);
								SpectralObjective objective = problem.objective(scope))
						{
							if (tables.isEmpty()) {
								Shape table = new Shape(count, settings.channels(), problem
									.gridHeight(), problem.gridWidth());
								NDArray all = SpectralGrouper.initialLogits(store, table,
									settings.seed());
								for (int i = 0; i < count; i++) {
									tables.add(all.get(i + ""));
									first.add(store.zeros(table.slice(1)));
									second.add(store.zeros(table.slice(1)));
									average.add(store.zeros(table.slice(1)));
								}
							}
							NDArray logits = stack(scope, tables, members);
							NDArray moment1 = stack(scope, first, members);
							NDArray moment2 = stack(scope, second, members);
							loss = SpectralSolver.solve(objective, logits, moment1, moment2,
								(visits - 1) * INNER_STEPS, INNER_STEPS, adam, Progress.NONE,
								"batch");
							for (int j = 0; j < members.size(); j++) {
								int index = members.get(j);
								tables.get(index).set(new ai.djl.ndarray.index.NDIndex(":"),
									logits.get(j + ""));
								first.get(index).set(new ai.djl.ndarray.index.NDIndex(":"),
									moment1.get(j + ""));
								second.get(index).set(new ai.djl.ndarray.index.NDIndex(":"),
									moment2.get(j + ""));
							}
						}
					}
					// EMA of all tables, started at zero and bias-corrected so short runs
					// are not pulled to the start.
					for (int i = 0; i < count; i++) {
						NDArray share = tables.get(i).mul(1 - EMA_DECAY);
						average.get(i).muli(EMA_DECAY).addi(share);
						share.close();
					}
				}
			}
			double correction = 1 - Math.pow(EMA_DECAY, visits);
			NDArray result = NDArrays.stack(new NDList(average)).div(correction);
			List<SourceImage> images = new ArrayList<>();
			for (int i = 0; i < count; i++)
				images.add(source.get(i));
			progress.report(1, 1, "dataset grouping: done");
			return Groupings.of(result, images, settings, loss);
		}
	}

	/**
	 * The members' tables stacked into one (B, K, H, W) array in {@code scope}.
	 */
	private static NDArray stack(NDManager scope, List<NDArray> tables,
		List<Integer> members)
	{
		NDList parts = new NDList();
		for (int index : members)
			parts.add(tables.get(index));
		NDArray stacked = NDArrays.stack(parts);
		stacked.attach(scope);
		return stacked;
	}
}
