
package io.github.rosettaneurons.invert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.rosettaneurons.data.GeneratorSource;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;

/**
 * Edits of a generated image through its Rosetta units (the reference's
 * shift/zoom/copy-paste notebook): the generator's own z-scored maps of those
 * units for sample latent z₁ are transformed ({@link TargetEdit}) and a latent
 * is optimised to produce the transformed maps. Only the generator is in the
 * loop.
 */
public final class GeneratedImageEdit {

	/**
	 * How far a shift moves the image (a fraction of its width) unless the user
	 * says otherwise.
	 */
	public static final double DEFAULT_AMOUNT = 0.25;

	/**
	 * The edited image's optimisation and the generated image(s) it started from.
	 */
	public record Outcome(LatentOptimiser.Result result,
		List<SourceImage> originals)
	{}

	private GeneratedImageEdit() {}

	/**
	 * @param sampleSeed z₁ is sample 0 of this seed (as the generator's samples
	 *          elsewhere in the plugin)
	 * @param secondSeed for copy-paste, the second image's sample seed
	 */
	public static Outcome edit(ModelPackage generatorPackage, RosettaPairs pairs,
		TargetEdit edit, double amount, long sampleSeed, long secondSeed,
		int category, OptimisationOptions options, Progress progress)
	{
		try (Network generator = generatorPackage.load(DjlEnvironment.device(),
			true); NDManager targetScope = generator.newScope())
		{
			GeneratorTargets side = new GeneratorTargets(generator, pairs
				.generatorUnits());
			GeneratorTargets.checkCategory(generator.manifest().generator(), generator
				.name(), category);
			float[] first = new GeneratorSource(generator, sampleSeed, 1, category)
				.latents(0, 1);
			float[] second = new GeneratorSource(generator, secondSeed, 1, category)
				.latents(0, 1);
			Map<LayerSpec, NDArray> firstMaps = side.ownMaps(targetScope, first,
				category, pairs.statistics());
			Map<LayerSpec, NDArray> secondMaps = edit.needsSecondTarget() ? side
				.ownMaps(targetScope, second, category, pairs.statistics()) : firstMaps;
			List<LatentOptimiser.LayerTarget> targets = new ArrayList<>();
			for (LayerSpec layer : side.layers()) {
				int[] units = GeneratorTargets.indices(side.unitsByLayer().get(layer));
				targets.add(LatentOptimiser.LayerTarget.of(layer, units, side.moments(
					pairs.statistics(), layer, units), edit.apply(firstMaps.get(layer),
						secondMaps.get(layer), amount)));
			}
			List<SourceImage> originals = new ArrayList<>(List.of(side.image(
				targetScope, first, category, "z1")));
			if (edit.needsSecondTarget()) originals.add(side.image(targetScope,
				second, category, "z2"));
			// copy-paste starts from a fresh latent (the reference's choice); shift
			// and zoom from z₁
			float[] start = edit.needsSecondTarget() ? options.startLatent(
				first.length) : first;
			LatentOptimiser.Result result = new LatentOptimiser(generator).run(start,
				category, targets, null, first, options, progress);
			return new Outcome(result, originals);
		}
	}
}
