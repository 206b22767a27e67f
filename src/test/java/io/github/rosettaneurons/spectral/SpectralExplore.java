package io.github.rosettaneurons.spectral;

import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;
import org.junit.jupiter.api.Test;

class SpectralExplore {
	@Test
	void explore() {
		String[] models = System.getProperty("models", "resnet-shapes,resnet-shapes-random").split(",");
		String layers = System.getProperty("layers", "layer1,layer2,layer3,layer4");
		SpectralSettings settings = SpectralSettings.defaults().withSegments(2)
			.withSteps(Integer.getInteger("steps", 300)).withChannels(Integer.getInteger("k", 8))
			.withLearningRate(Double.parseDouble(System.getProperty("lr", "0.05")))
			.withGraph(SpectralSettings.Graph.parse(System.getProperty("graph", "cosine")));
		for (String model : models) {
			ModelPackage pkg = TestZoo.open(model);
			try (Network network = pkg.load()) {
				SpectralGrouper grouper = new SpectralGrouper(network, GraphLayer.parse(pkg.manifest(), layers), settings);
				double sum = 0;
				int n = Integer.getInteger("images", 12);
				long start = System.nanoTime();
				for (int i = 0; i < n; i++) {
					ImageGrouping g = grouper.group(ObjectMasks.image(i), Progress.NONE);
					sum += ObjectMasks.twoClassMeanIou(g.labels(), ObjectMasks.mask(i));
					if (i == 0) System.out.println("loss " + g.loss() + " sv " + java.util.Arrays.toString(g.singularValues()));
				}
				System.out.printf("%s %s: mIoU %.3f  (%.2f s/image)%n", model, layers, sum / n, (System.nanoTime() - start) / 1e9 / n);
			}
		}
	}
}
