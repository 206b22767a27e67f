package io.github.rosettaneurons.rosetta;

import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.engine.Progress;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The paper's claim on the sample world: trained models share far more units with the generator than random ones. */
class RosettaZooTest {

	private static final int SAMPLES = 128;

	/** Strict best buddies of the generator with each model, and the size of the Rosetta set across them. */
	private static int[] mine(String... models) {
		List<Path> others = java.util.Arrays.stream(models).map(TestZoo::folder).toList();
		try (MiningSetup setup = MiningSetup.open(TestZoo.folder("world-generator"), others)) {
			MiningOptions options = MiningOptions.defaults().withBatchSize(32);
			MiningResult result = setup.miner(null, 0, SAMPLES, -1, options).mine(Progress.NONE);
			int[] counts = new int[models.length + 1];
			for (int k = 0; k < models.length; k++)
				for (int partner : BestBuddies.partners(result.tables().get(k), options)) if (partner >= 0) counts[k]++;
			counts[models.length] = result.dictionary().size();
			System.out.println("generator x " + String.join(", ", models) + ": buddies " +
				java.util.Arrays.toString(java.util.Arrays.copyOf(counts, models.length)) + ", Rosetta set " + counts[models.length]);
			return counts;
		}
	}

	@Test
	void trainedModelsShareFarMoreUnitsThanRandomControls() {
		int[] trained = mine("resnet-shapes", "vit-shapes");
		int[] random = mine("resnet-shapes-random", "vit-shapes-random");
		for (int k = 0; k < 2; k++) assertTrue(trained[k] >= 2 * random[k] && trained[k] > 0,
			"model " + k + ": trained " + trained[k] + " vs random " + random[k]);
		assertTrue(trained[2] > 2 * random[2], "Rosetta set: trained " + trained[2] + " vs random " + random[2]);
	}
}
