
package io.github.rosettaneurons.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.rosettaneurons.data.FolderSource;
import io.github.rosettaneurons.data.TiffOutput;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.ModelRole;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;
import io.github.rosettaneurons.spectral.GraphLayer;
import io.github.rosettaneurons.spectral.ImageGrouping;
import io.github.rosettaneurons.spectral.Pathway;
import io.github.rosettaneurons.spectral.SpectralGrouper;
import io.github.rosettaneurons.spectral.SpectralPictures;
import io.github.rosettaneurons.spectral.SpectralSettings;

/**
 * spectral: per image and model, the spectral grouping from the chosen layers
 * (all by default), or with pathway where/what from every attention block's
 * key-query or value graphs (models without q/k/v are then skipped), in
 * {@code out/spectral/<model>/<image>/}: eigenvectors, PCA colours and segments
 * as TIFFs and the segments labelled with k as a PNG (docs/spectral.md).
 */
final class SpectralStep implements BatchStep {

	private final List<ModelPackage> packages;
	private final FolderSource images;
	private final SpectralSettings settings;
	private final Pathway pathway;
	private final BatchLayers layers;
	private final Path out;
	private final LoadedNetworks loaded = new LoadedNetworks();

	SpectralStep(List<ModelPackage> packages, FolderSource images,
		SpectralSettings settings, Pathway pathway, BatchLayers layers, Path out)
	{
		this.packages = packages;
		this.images = images;
		this.settings = settings;
		this.pathway = pathway;
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
			if (pathway != Pathway.LAYERS && modelPackage.manifest().projections()
				.isEmpty()) continue;
			String chosen = pathway == Pathway.LAYERS ? layers.names(modelPackage)
				: "";
			List<GraphLayer> graphLayers = pathway == Pathway.LAYERS ? GraphLayer
				.parse(modelPackage.manifest(), chosen) : GraphLayer.of(modelPackage
					.manifest(), pathway, "");
			for (int i = 0; i < images.size(); i++) {
				int index = i;
				String image = BatchJob.stem(images.files().get(i));
				items.add(new BatchItem(name(), modelPackage.name() + "/" + image, out
					.resolve(modelPackage.name()).resolve(image), Map.of("layers", chosen,
						"pathway", pathway.label(), "settings", settings.toString()),
					folder -> group(modelPackage, graphLayers, index, folder)));
			}
		}
		if (items.isEmpty() && pathway != Pathway.LAYERS)
			throw new IllegalArgumentException("--pathway " + pathway.label() +
				" needs a transformer package exposing q, k and v (tools/export_model.py --qkv all); none " +
				"of " + packages.stream().map(ModelPackage::name).toList() +
				" does. Use --pathway layers.");
		return items;
	}

	private void group(ModelPackage modelPackage, List<GraphLayer> graphLayers,
		int index, Path folder)
	{
		Network network = loaded.of(modelPackage);
		write(folder, new SpectralGrouper(network, graphLayers, settings).group(
			images.get(index), Progress.NONE));
	}

	/**
	 * One image's grouping as eigenvectors.tif, colours.tif, segments.tif and the
	 * labelled segments.png in {@code folder}.
	 */
	static void write(Path folder, ImageGrouping grouping) {
		TiffOutput.saveAll(folder, SpectralPictures.all("", List.of(grouping)));
		SpectralPictures.saveSegmentPicture(folder.resolve("segments.png"),
			grouping);
	}

	@Override
	public void close() {
		loaded.close();
	}
}
