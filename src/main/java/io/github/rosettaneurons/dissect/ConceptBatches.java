
package io.github.rosettaneurons.dissect;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.data.ConceptMasks;

/**
 * The tally's batches of ground truth, read one batch ahead on a background
 * thread: decoding the next batch's mask files and building its count matrices
 * overlaps the engine's work on the current one. A batch ends early where the
 * segmentation size changes.
 */
final class ConceptBatches implements AutoCloseable {

	/** Images {@code first ..} as {@code concepts} describes them. */
	record Batch(int first, ConceptBatch concepts) {}

	private final BrodenDataset dataset;
	private final int batchSize;
	private final int[] primaryCategory;
	private final int categories;
	private final ExecutorService reader = Executors.newSingleThreadExecutor(
		task -> {
			Thread thread = new Thread(task, "dissection masks");
			thread.setDaemon(true);
			return thread;
		});
	private Future<Batch> next;

	ConceptBatches(BrodenDataset dataset, int batchSize, int[] primaryCategory,
		int categories)
	{
		this.dataset = dataset;
		this.batchSize = batchSize;
		this.primaryCategory = primaryCategory;
		this.categories = categories;
		if (dataset.size() > 0) next = reader.submit(() -> read(0));
	}

	/** The next batch, or null after the last; starts reading the one after. */
	Batch next() {
		if (next == null) return null;
		Batch batch = await(next);
		int following = batch.first() + batch.concepts().images;
		next = following < dataset.size() ? reader.submit(() -> read(following))
			: null;
		return batch;
	}

	private Batch read(int first) {
		List<ConceptMasks> masks = new ArrayList<>();
		for (int i = first; i < Math.min(dataset.size(), first + batchSize); i++) {
			ConceptMasks image = dataset.readMasks(i);
			if (!masks.isEmpty() && (image.width() != masks.get(0).width() || image
				.height() != masks.get(0).height())) break;
			masks.add(image);
		}
		return new Batch(first, new ConceptBatch(masks, primaryCategory,
			categories));
	}

	/** The batch, or the reader's own exception (a bad mask file, say). */
	private static Batch await(Future<Batch> future) {
		try {
			return future.get();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reading masks", e);
		}
		catch (ExecutionException e) {
			if (e.getCause() instanceof RuntimeException cause) throw cause;
			if (e.getCause() instanceof Error cause) throw cause;
			throw new IllegalStateException(e.getCause());
		}
	}

	@Override
	public void close() {
		reader.shutdownNow();
	}
}
