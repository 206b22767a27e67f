
package io.github.rosettaneurons.cli;

import java.util.ArrayList;
import java.util.List;

import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;
import io.github.rosettaneurons.spectral.GraphLayer;
import io.github.rosettaneurons.spectral.ImageGrouping;
import io.github.rosettaneurons.spectral.PathwayScores;
import io.github.rosettaneurons.spectral.SpectralGrouper;
import io.github.rosettaneurons.spectral.SpectralSettings;

/**
 * Spectral grouping's validity figure: object against background mIoU of each
 * concept image's segments (every segment decoded to its majority class) from
 * all layers of a trained model, with the settings the demo groups with,
 * against its random-init control.
 */
final class SpectralValidity {

	private SpectralValidity() {}

	static double objectBackgroundMiou(ModelPackage modelPackage,
		PathwayBenchmark.ObjectTruth truth, SpectralSettings settings)
	{
		try (Network network = modelPackage.load()) {
			SpectralGrouper grouper = new SpectralGrouper(network, GraphLayer.parse(
				modelPackage.manifest(), ""), settings);
			List<ImageGrouping> groupings = new ArrayList<>();
			for (SourceImage image : truth.images())
				groupings.add(grouper.group(image, Progress.NONE));
			List<int[]> binary = truth.classes().stream().map(
				PathwayBenchmark::objectOrBackground).toList();
			return PathwayScores.meanIou(groupings, binary, 2, false);
		}
	}

	static List<ValidityRow> rows(String trained, String control,
		double trainedMiou, double controlMiou, int images, SpectralSettings settings)
	{
		String segments = settings.segments() == 0 ? "segments by silhouette"
			: settings.segments() + " segments";
		String what = trained + " vs " + control + ", all layers, K " + settings
			.channels() + ", " + segments + ", " + images + " concept images";
		return List.of(new ValidityRow("spectral", "object/background mIoU",
			trainedMiou, controlMiou, ValidityRow.Target.atLeast(0.8), what),
			new ValidityRow("spectral", "object/background mIoU over control",
				trainedMiou, controlMiou, ValidityRow.Target.aboveControl(0.1), what));
	}
}
