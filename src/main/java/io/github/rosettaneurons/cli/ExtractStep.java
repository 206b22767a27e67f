
package io.github.rosettaneurons.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.rosettaneurons.data.ActivationImages;
import io.github.rosettaneurons.data.FolderSource;
import io.github.rosettaneurons.data.Heatmaps;
import io.github.rosettaneurons.data.ImagePlusBridge;
import io.github.rosettaneurons.data.ImageSource;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.data.TiffOutput;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.ModelRole;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;

/**
 * extract: per image and model, one activation TIFF per layer in
 * {@code out/extract/<model>/<image>/}.
 */
final class ExtractStep implements BatchStep {

	private final List<ModelPackage> packages;
	private final FolderSource images;
	private final BatchLayers layers;
	private final Path out;
	private final LoadedNetworks loaded = new LoadedNetworks();

	ExtractStep(List<ModelPackage> packages, FolderSource images,
		BatchLayers layers, Path out)
	{
		this.packages = packages;
		this.images = images;
		this.layers = layers;
		this.out = out.resolve("extract");
	}

	@Override
	public String name() {
		return "extract";
	}

	@Override
	public List<BatchItem> items() {
		List<BatchItem> items = new ArrayList<>();
		for (ModelPackage modelPackage : packages) {
			if (modelPackage.manifest().role() == ModelRole.GENERATOR) continue; // reads
																																						// no
																																						// images
			List<LayerSpec> chosen = layers.of(modelPackage, modelPackage.manifest()
				.layers());
			for (int i = 0; i < images.size(); i++) {
				int index = i;
				String image = BatchJob.stem(images.files().get(i));
				items.add(new BatchItem(name(), modelPackage.name() + "/" + image, out
					.resolve(modelPackage.name()).resolve(image), Map.of("layers", chosen
						.stream().map(LayerSpec::name).collect(Collectors.joining(","))),
					folder -> extract(modelPackage, chosen, images.get(index), folder)));
			}
		}
		return items;
	}

	private void extract(ModelPackage modelPackage, List<LayerSpec> chosen,
		SourceImage image, Path folder)
	{
		Network network = loaded.of(modelPackage);
		var maps = ActivationImages.extract(network, ImageSource.of(image), chosen,
			1, Progress.NONE);
		TiffOutput.saveAll(folder, ImagePlusBridge.layerStacks(modelPackage.name(),
			chosen, maps, Heatmaps.lut(Heatmaps.DEFAULT_LUT)));
	}

	@Override
	public void close() {
		loaded.close();
	}
}
