
package io.github.rosettaneurons.rosetta;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.rosettaneurons.data.FolderSource;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.ModelRole;
import io.github.rosettaneurons.engine.Network;

/**
 * The models of a mining run, loaded from their packages and closed together.
 */
public final class MiningSetup implements AutoCloseable {

	/**
	 * Generator samples of a run without a folder of real images, unless the user
	 * says otherwise.
	 */
	public static final int DEFAULT_SAMPLES = 256;

	/** The sample class that cycles through the generator's classes. */
	public static final int CYCLE_CLASSES = -1;

	/** Neurons drawn as example pictures, unless the user says otherwise. */
	public static final int DEFAULT_EXAMPLES = 8;

	private final List<Network> loaded = new ArrayList<>();
	private final ModelPackage anchorPackage;
	private final MinedModel anchor;
	private final List<MinedModel> others = new ArrayList<>();

	private MiningSetup(Path anchorLocation, List<Path> otherLocations) {
		anchorPackage = ModelPackage.open(anchorLocation);
		List<ModelPackage> otherPackages = otherLocations.stream().map(
			ModelPackage::open).toList();
		try {
			anchor = MinedModel.allLayers(load(anchorPackage));
			for (ModelPackage other : otherPackages)
				others.add(MinedModel.allLayers(load(other)));
		}
		catch (RuntimeException e) {
			close();
			throw e;
		}
	}

	/**
	 * Opens every package first (so a bad one fails before anything loads), then
	 * loads them all.
	 */
	public static MiningSetup open(Path anchor, List<Path> others) {
		if (others.isEmpty()) throw new IllegalArgumentException(
			"Give at least one model to match against the anchor.");
		return new MiningSetup(anchor, others);
	}

	/** Comma-separated package folders as paths. */
	public static List<Path> paths(String commaSeparated) {
		List<Path> paths = new ArrayList<>();
		for (String location : commaSeparated.split(","))
			if (!location.isBlank()) paths.add(Path.of(location.trim()));
		return paths;
	}

	private Network load(ModelPackage modelPackage) {
		Network network = modelPackage.load();
		loaded.add(network);
		return network;
	}

	public MinedModel anchor() {
		return anchor;
	}

	public List<MinedModel> others() {
		return others;
	}

	/** The anchor, then the others. */
	public List<MinedModel> all() {
		List<MinedModel> all = new ArrayList<>(List.of(anchor));
		all.addAll(others);
		return all;
	}

	public boolean anchorIsGenerator() {
		return anchorPackage.manifest().role() == ModelRole.GENERATOR;
	}

	/**
	 * A miner over a folder of real images when {@code folder} is given, else
	 * over {@code samples} seeded samples of the anchor, which must then be a
	 * generator ({@code category} -1 cycles through its classes).
	 */
	public RosettaMiner miner(Path folder, long seed, int samples, int category,
		MiningOptions options)
	{
		MiningImages images;
		if (folder != null) images = new FolderImages(new FolderSource(folder),
			all());
		else if (anchorIsGenerator()) images = new GeneratedImages(anchor, others,
			seed, samples, category);
		else throw new IllegalArgumentException("The anchor '" + anchorPackage
			.name() +
			"' is not a generator; give a folder of real images to mine with it.");
		return new RosettaMiner(anchor, others, images, options);
	}

	@Override
	public void close() {
		for (Network network : loaded)
			network.close();
		loaded.clear();
	}
}
