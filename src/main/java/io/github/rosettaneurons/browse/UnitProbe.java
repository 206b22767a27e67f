
package io.github.rosettaneurons.browse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.rosettaneurons.data.Preprocessor;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.ModelRole;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;
import io.github.rosettaneurons.rosetta.UnitRef;

/**
 * Every unit map of every layer of some models for one image, computed once so
 * that asking "which units fire here?" is instant. Units are ranked at a point
 * by how far their value there stands above the unit's own mean over the image,
 * in units of its standard deviation: a unit that fires everywhere is not
 * singled out by a click.
 */
public final class UnitProbe {

	/**
	 * One layer's maps, row-major (unit, y, x), and each unit's mean and standard
	 * deviation over the image.
	 */
	private record LayerMaps(String model, String layer, int units, int height,
		int width, float[] maps, float[] mean, float[] std)
	{}

	/** A unit's answer at the probed point. */
	public record Hit(UnitRef unit, double activation, double zScore) {}

	private final List<List<LayerMaps>> models;

	private UnitProbe(List<List<LayerMaps>> models) {
		this.models = models;
	}

	/**
	 * Runs every image model of {@code packages} on {@code image} (generators
	 * cannot read images and are skipped).
	 */
	public static UnitProbe of(SourceImage image, List<ModelPackage> packages,
		Progress progress)
	{
		List<List<LayerMaps>> models = new ArrayList<>();
		int done = 0;
		for (ModelPackage modelPackage : packages) {
			progress.checkCancelled();
			if (modelPackage.manifest().role() != ModelRole.GENERATOR) models.add(
				layerMaps(modelPackage, image));
			progress.report(++done, packages.size(), "Unit maps of " + modelPackage
				.name());
		}
		if (models.isEmpty()) throw new IllegalArgumentException(
			"None of the models given reads images (generators cannot).");
		return new UnitProbe(models);
	}

	private static List<LayerMaps> layerMaps(ModelPackage modelPackage,
		SourceImage image)
	{
		List<LayerSpec> layers = modelPackage.manifest().layers();
		List<LayerMaps> result = new ArrayList<>();
		try (Network network = modelPackage.load();
				NDManager scope = network.newScope())
		{
			NDArray input = new Preprocessor(modelPackage.manifest()).toBatch(scope,
				List.of(image));
			var activations = network.activations(input, layers);
			for (LayerSpec layer : layers) {
				NDArray maps = activations.get(layer.output());
				if (maps.getShape().dimension() != 4) continue; // vectors (e.g. logits)
																												// have no place to
																												// point at
				int units = (int) maps.getShape().get(1);
				int height = (int) maps.getShape().get(2);
				int width = (int) maps.getShape().get(3);
				NDArray flat = maps.reshape(units, (long) height * width);
				NDArray mean = flat.mean(new int[] { 1 }, true);
				NDArray std = flat.sub(mean).square().mean(new int[] { 1 }).sqrt();
				result.add(new LayerMaps(modelPackage.name(), layer.name(), units,
					height, width, flat.toFloatArray(), mean.toFloatArray(), std
						.toFloatArray()));
			}
		}
		return result;
	}

	/**
	 * The {@code perModel} units of each model that stand out most at the point
	 * ({@code fx}, {@code fy}) given as fractions (0..1) of the image's width and
	 * height, strongest first within each model.
	 */
	public List<Hit> strongestAt(double fx, double fy, int perModel) {
		if (fx < 0 || fx > 1 || fy < 0 || fy > 1)
			throw new IllegalArgumentException("The point (" + fx + ", " + fy +
				") lies outside the image.");
		List<Hit> hits = new ArrayList<>();
		for (List<LayerMaps> model : models) {
			List<Hit> candidates = new ArrayList<>();
			for (LayerMaps layer : model)
				for (int unit = 0; unit < layer.units(); unit++) {
					double value = sample(layer, unit, fx, fy);
					double spread = layer.std()[unit];
					double z = spread > 0 ? (value - layer.mean()[unit]) / spread : 0;
					UnitRef ref = new UnitRef(layer.model(), layer.layer(), unit);
					candidates.add(new Hit(ref, value, z));
				}
			candidates.sort(Comparator.comparingDouble(Hit::zScore).reversed());
			hits.addAll(candidates.subList(0, Math.min(perModel, candidates.size())));
		}
		return hits;
	}

	/** The unit's map (height × width, row-major), for a heatmap. */
	public float[] map(UnitRef unit, int[] heightWidth) {
		for (List<LayerMaps> model : models)
			for (LayerMaps layer : model) {
				if (!layer.model().equals(unit.model()) || !layer.layer().equals(unit
					.layer())) continue;
				if (unit.unit() < 0 || unit.unit() >= layer.units()) break;
				int plane = layer.height() * layer.width();
				heightWidth[0] = layer.height();
				heightWidth[1] = layer.width();
				float[] map = new float[plane];
				System.arraycopy(layer.maps(), unit.unit() * plane, map, 0, plane);
				return map;
			}
		throw new IllegalArgumentException("The probe has no unit " + unit + ".");
	}

	/**
	 * Bilinear value at a fractional point, with pixel centres at (i + 0.5) /
	 * size as when maps are resized.
	 */
	private static double sample(LayerMaps layer, int unit, double fx,
		double fy)
	{
		double x = Math.min(Math.max(fx * layer.width() - 0.5, 0), layer.width() -
			1);
		double y = Math.min(Math.max(fy * layer.height() - 0.5, 0), layer.height() -
			1);
		int x0 = (int) x, y0 = (int) y;
		int x1 = Math.min(x0 + 1, layer.width() - 1), y1 = Math.min(y0 + 1, layer
			.height() - 1);
		double ax = x - x0, ay = y - y0;
		int base = unit * layer.height() * layer.width();
		float[] m = layer.maps();
		double top = m[base + y0 * layer.width() + x0] * (1 - ax) + m[base + y0 *
			layer.width() + x1] * ax;
		double bottom = m[base + y1 * layer.width() + x0] * (1 - ax) + m[base + y1 *
			layer.width() + x1] * ax;
		return top * (1 - ay) + bottom * ay;
	}
}
