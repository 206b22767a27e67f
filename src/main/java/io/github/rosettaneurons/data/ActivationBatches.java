
package io.github.rosettaneurons.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;

/**
 * Streams a source through a network batch by batch. Each batch's tensors live
 * in a scope that is closed as soon as the consumer returns, so memory is
 * bounded by one batch whatever the number of images.
 */
public final class ActivationBatches {

	private ActivationBatches() {}

	/**
	 * Receives the activations of images
	 * {@code first .. first + images.size() - 1}.
	 */
	@FunctionalInterface
	public interface Consumer {

		void accept(int first, List<SourceImage> images,
			Map<String, NDArray> activations);
	}

	public static void forEach(Network network, ImageSource source,
		List<LayerSpec> layers, int batchSize, Progress progress, Consumer consumer)
	{
		if (batchSize < 1) throw new IllegalArgumentException(
			"Batch size must be at least 1, not " + batchSize);
		Preprocessor preprocessor = new Preprocessor(network.manifest());
		for (int first = 0; first < source.size(); first += batchSize) {
			progress.checkCancelled();
			progress.report(first, source.size(), network.name() + ": image " +
				(first + 1) + " of " + source.size());
			List<SourceImage> images = new ArrayList<>();
			for (int i = first; i < Math.min(first + batchSize, source.size()); i++)
				images.add(source.get(i));
			try (NDManager scope = network.newScope()) {
				NDArray input = preprocessor.toBatch(scope, images);
				consumer.accept(first, images, network.activations(input, layers));
			}
		}
		progress.report(source.size(), source.size(), network.name() + ": done");
	}
}
