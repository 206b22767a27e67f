
package io.github.rosettaneurons.dissect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.djl.ndarray.NDManager;
import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.engine.Folders;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;

/**
 * A whole dissection and its files, shared by the command line and the Fiji
 * command: per layer {@code <layer>/tally.csv} and
 * {@code <layer>/thresholds.csv}, and {@code report.html} with its
 * {@code images/}. The output folder must be new or empty; the activation
 * caches live in it while the run lasts, and a cancelled or failed run leaves
 * nothing.
 */
public final class DissectRun {

	/** What a run produced. */
	public record Outputs(List<LayerResult> layers, Path folder) {
		public String summary() {
			StringBuilder text = new StringBuilder();
			for (LayerResult layer : layers) text.append(layer.summary()).append('\n');
			return text.append("results in ").append(folder.toAbsolutePath()).toString();
		}
	}

	private DissectRun() {}

	public static Outputs run(Network network, BrodenDataset dataset,
		DissectOptions options, Path out, Progress progress) throws IOException
	{
		boolean created = Folders.createEmpty(out);
		try {
			List<LayerResult> layers;
			try (NetworkDissection dissection = new NetworkDissection(network,
				dataset, options, out.resolve(".cache"));
					NDManager manager = network.newScope())
			{
				layers = dissection.run(progress);
				for (LayerResult layer : layers) {
					Path folder = Files.createDirectories(out.resolve(DissectReport
						.fileName(layer.layer())));
					TallyCsv.write(folder.resolve("tally.csv"), layer);
					TallyCsv.writeThresholds(folder.resolve("thresholds.csv"), layer);
				}
				DissectReport.write(out, dataset, dissection, layers, options
					.topImages() > 0, manager, progress);
			}
			Folders.deleteTree(out.resolve(".cache"), false);
			return new Outputs(layers, out);
		}
		catch (IOException | RuntimeException e) {
			if (Files.exists(out)) Folders.deleteTree(out, !created);
			throw e;
		}
	}
}
