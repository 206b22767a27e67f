
package io.github.rosettaneurons.invert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.engine.Folders;
import io.github.rosettaneurons.engine.Progress;
import io.github.rosettaneurons.rosetta.MiningOptions;
import io.github.rosettaneurons.rosetta.MiningSetup;
import io.github.rosettaneurons.rosetta.RosettaRun;

/**
 * The world generator mined against the trained ResNet (128 samples, strict
 * mutual best buddies), once per test JVM: the dictionary.csv and
 * statistics.bin the inversion tests use.
 */
public final class MinedSampleZoo {

	private static Path dictionary;

	private MinedSampleZoo() {}

	public static synchronized Path dictionary() {
		if (dictionary != null) return dictionary;
		try {
			Path folder = Files.createTempDirectory("rosetta-mined-");
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					Folders.deleteTree(folder, false);
				}
				catch (IOException ignored) {
					// a temporary folder left behind is harmless
				}
			}));
			try (MiningSetup setup = MiningSetup.open(TestZoo.folder(
				"world-generator"), List.of(TestZoo.folder("resnet-shapes"))))
			{
				RosettaRun.finish(setup.miner(null, 0, 128, -1, MiningOptions.defaults()
					.withBatchSize(32)), folder.resolve("mined"), null, null, 0,
					Progress.NONE);
			}
			dictionary = folder.resolve("mined/dictionary.csv");
			return dictionary;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
