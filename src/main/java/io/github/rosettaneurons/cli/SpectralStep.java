package io.github.rosettaneurons.cli;

import io.github.rosettaneurons.data.FolderSource;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.ModelRole;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;
import io.github.rosettaneurons.fiji.SpectralPictures;
import io.github.rosettaneurons.fiji.TiffOutput;
import io.github.rosettaneurons.spectral.GraphLayer;
import io.github.rosettaneurons.spectral.ImageGrouping;
import io.github.rosettaneurons.spectral.SpectralGrouper;
import io.github.rosettaneurons.spectral.SpectralSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * spectral: per image and model, the spectral grouping from the chosen layers (all by default) in
 * {@code out/spectral/<model>/<image>/}: eigenvectors, PCA colours and segments as TIFFs (docs/spectral.md).
 */
final class SpectralStep implements BatchStep {

	private final List<ModelPackage> packages;
	private final FolderSource images;
	private final SpectralSettings settings;
	private final BatchLayers layers;
	private final Path out;
	private final LoadedNetworks loaded = new LoadedNetworks();

	SpectralStep(List<ModelPackage> packages, FolderSource images, SpectralSettings settings, BatchLayers layers, Path out) {
		this.packages = packages;
		this.images = images;
		this.settings = settings;
		this.layers = layers;
		this.out = out.resolve("spectral");
	}

	@Override
	public String name() {
		return "spectral";
	}

	@Override
	public List<BatchItem> items() {
		List<BatchItem> items = new ArrayList<>();
		for (ModelPackage modelPackage : packages) {
			if (modelPackage.manifest().role() == ModelRole.GENERATOR) continue;
			String chosen = layers.names(modelPackage);
			List<GraphLayer> graphLayers = GraphLayer.parse(modelPackage.manifest(), chosen);
			for (int i = 0; i < images.size(); i++) {
				int index = i;
				String image = BatchJob.stem(images.files().get(i));
				items.add(new BatchItem(name(), modelPackage.name() + "/" + image, out.resolve(modelPackage.name()).resolve(image),
					Map.of("layers", chosen, "settings", settings.toString()), folder -> group(modelPackage, graphLayers, index, folder)));
			}
		}
		return items;
	}

	private void group(ModelPackage modelPackage, List<GraphLayer> graphLayers, int index, Path folder) {
		Network network = loaded.of(modelPackage);
		write(folder, new SpectralGrouper(network, graphLayers, settings).group(images.get(index), Progress.NONE));
	}

	/** One image's grouping as eigenvectors.tif, colours.tif and segments.tif in {@code folder}. */
	static void write(Path folder, ImageGrouping grouping) {
		TiffOutput.saveAll(folder, SpectralPictures.all("", List.of(grouping)));
	}

	@Override
	public void close() {
		loaded.close();
	}
}
