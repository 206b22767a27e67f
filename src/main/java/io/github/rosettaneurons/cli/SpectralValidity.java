
package io.github.rosettaneurons.cli;

import java.util.ArrayList;
import java.util.List;

import io.github.rosettaneurons.data.Numbers;
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

	/**
	 * The figure and the mean number of segments behind it (more segments make
	 * the majority decoding easier).
	 */
	record Measured(double miou, double segments) {}

	static Measured objectBackground(ModelPackage modelPackage,
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
			return new Measured(PathwayScores.meanIou(groupings, binary, 2, false),
				groupings.stream().mapToInt(ImageGrouping::segments).average()
					.orElseThrow());
		}
	}

	static List<ValidityRow> rows(String trained, String control,
		Measured trainedMiou, Measured controlMiou, int images,
		SpectralSettings settings)
	{
		String segments = settings.segments() == 0 ? "segments by silhouette"
			: settings.segments() + " segments";
		String what = trained + " vs " + control + ", all layers, K " + settings
			.channels() + ", " + segments + " (mean " + Numbers.format("%.1f",
				trainedMiou.segments()) + " vs " + Numbers.format("%.1f", controlMiou
					.segments()) + "), " + images + " concept images";
		return List.of(new ValidityRow("spectral", "object/background mIoU",
			trainedMiou.miou(), controlMiou.miou(), ValidityRow.Target.atLeast(0.8),
			what), new ValidityRow("spectral", "object/background mIoU over control",
				trainedMiou.miou(), controlMiou.miou(), ValidityRow.Target.aboveControl(
					0.1), what));
	}
}
