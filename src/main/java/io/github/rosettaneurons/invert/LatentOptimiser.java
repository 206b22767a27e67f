
package io.github.rosettaneurons.invert;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.Numbers;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.Adam;
import io.github.rosettaneurons.engine.GeneratorSpec;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;

/**
 * Optimises a generator's latent z so that its Rosetta units' maps match target
 * maps: loss = −Σ cosine(z-scored live map, target map) over the matched units,
 * optionally + pixel loss + latent regulariser, with Adam. Gradients flow
 * through the TorchScript generator on its gradient instance
 * ({@link Network#withGradients}).
 */
public final class LatentOptimiser {

	// floats: a double operand becomes a float64 scalar tensor, which turns 0-d
	// float32 results into float64
	private static final float NORM_EPSILON = 1e-12f;

	/**
	 * The targets of one generator layer.
	 *
	 * @param layer the generator layer
	 * @param units its units in the loss
	 * @param moments {mean, std} per unit from the mining run, or null to z-score each live map over its pixels
	 * @param maps the targets (P, h, w) at the layer's resolution, z-scored
	 * @param squaredNorms Σ target² per unit, the cosine's target norms (each unit's own)
	 */
	public record LayerTarget(LayerSpec layer, int[] units, float[][] moments, NDArray maps, float[] squaredNorms) {

		public static LayerTarget of(LayerSpec layer, int[] units, float[][] moments, NDArray maps) {
			// detached: PyTorch's grad mode is per thread and on by default in threads DJL did not set up (e.g. a
			// command's), so maps of the gradient instance may carry a graph that backward must not enter
			NDArray constant = maps.stopGradient();
			return new LayerTarget(layer, units, moments, constant, constant.square().sum(new int[] {1, 2}).toFloatArray());
		}
	}

	/**
	 * The loss at one step (the last row is the result, which is not updated
	 * further).
	 */
	public record Step(int step, double learningRate, double loss,
		double activationLoss, double pixelLoss, double regulariserLoss)
	{}

	/**
	 * What an optimisation found.
	 *
	 * @param latent the final z
	 * @param image the final image, [0, 1]
	 * @param steps the losses, one row per step and one for the result
	 * @param trajectory the recorded images, axes (x, y, channel, saved step), [0, 1]
	 * @param savedSteps the step of each trajectory slice
	 */
	public record Result(float[] latent, SourceImage image, List<Step> steps, ArrayImg<FloatType, FloatArray> trajectory,
		List<Integer> savedSteps) {

		public Step first() { return steps.get(0); }
		public Step last() { return steps.get(steps.size() - 1); }
	}

	private final Network generator;
	private final GeneratorSpec spec;

	public LatentOptimiser(Network generator) {
		if (!generator.forGradients()) throw new IllegalArgumentException(
			"Model '" + generator.name() +
				"' was loaded for inference; inversion needs the gradient instance (load(device, true)).");
		this.generator = generator;
		this.spec = generator.manifest().generator();
		if (spec == null) throw new IllegalArgumentException("'" + generator
			.name() + "' is not a generator.");
	}

	/**
	 * Runs the optimisation from {@code start}.
	 *
	 * @param pixelTarget (1, C, H, W) image in [0, 1] at the generator's output
	 *          size, or null (no pixel loss)
	 * @param anchor the latent the regulariser pulls towards
	 */
	public Result run(float[] start, int category, List<LayerTarget> targets,
		NDArray pixelTarget, float[] anchor, OptimisationOptions options,
		Progress progress)
	{
		if (options.pixelWeight() > 0 && pixelTarget == null)
			throw new IllegalArgumentException("A pixel loss needs a target image.");
		List<LayerSpec> layers = targets.stream().map(LayerTarget::layer).toList();
		Shape latentShape = new Shape(1, spec.latentSize());
		List<Step> steps = new ArrayList<>();
		List<float[]> frames = new ArrayList<>();
		List<Integer> savedSteps = new ArrayList<>();
		long[] imageShape = null;
		float[] finalImage = null;
		try (NDManager state = generator.newScope()) {
			NDArray latent = state.create(start, latentShape);
			NDArray firstMoment = state.zeros(latentShape);
			NDArray secondMoment = state.zeros(latentShape);
			Adam adam = new Adam(options.learningRate(), options.beta1(), options
				.beta2());
			for (int step = 0; step <= options.steps(); step++) {
				progress.checkCancelled();
				boolean update = step < options.steps();
				try (NDManager scope = generator.newScope()) {
					Evaluation evaluation = evaluate(scope, latent, category, anchor,
						layers, targets, pixelTarget, options, update);
					double rate = update ? options.learningRateAt(step) : 0;
					steps.add(new Step(step, rate, evaluation.terms.total.getFloat(),
						value(evaluation.terms.activation), value(evaluation.terms.pixel),
						value(evaluation.terms.regulariser)));
					boolean save = !update || step == 0 || (options.saveEvery() > 0 &&
						step % options.saveEvery() == 0);
					if (save) {
						NDArray image = spec.toUnitRange(evaluation.image);
						imageShape = image.getShape().getShape();
						float[] pixels = image.toFloatArray();
						frames.add(pixels);
						savedSteps.add(step);
						finalImage = pixels;
					}
					if (update) adam.step(latent, firstMoment, secondMoment,
						evaluation.gradient, step + 1, rate);
				}
				progress.report(step + 1, options.steps() + 1, generator.name() +
					": step " + step + " of " + options.steps() + ", loss " + Numbers
						.format("%.4f", steps.get(steps.size() - 1).loss()));
			}
			return new Result(latent.toFloatArray(), SourceImage.ofChannelsFirst(
				"result", finalImage, imageShape), steps, trajectory(frames,
					imageShape), savedSteps);
		}
	}

	/**
	 * The loss at {@code latent} (a copy in {@code scope}) and, when
	 * {@code update}, its gradient.
	 */
	private Evaluation evaluate(NDManager scope, NDArray latent, int category,
		float[] anchor, List<LayerSpec> layers, List<LayerTarget> targets,
		NDArray pixelTarget, OptimisationOptions options, boolean update)
	{
		NDArray live = latent.duplicate();
		live.attach(scope);
		live.setRequiresGradient(true);
		NDArray classes = scope.create(new long[] { category });
		NDArray anchorArray = scope.create(anchor, live.getShape());
		return generator.withGradients(collector -> {
			Network.GeneratorOutput output = generator.generate(live, classes,
				layers);
			Terms terms = terms(output, live, anchorArray, targets, pixelTarget,
				options);
			if (update) collector.backward(terms.total);
			return new Evaluation(output.image(), terms, update ? live.getGradient()
				.duplicate() : null);
		});
	}

	private record Terms(NDArray total, NDArray activation, NDArray pixel,
		NDArray regulariser)
	{}

	private record Evaluation(NDArray image, Terms terms, NDArray gradient) {}

	private Terms terms(Network.GeneratorOutput output, NDArray live,
		NDArray anchor, List<LayerTarget> targets, NDArray pixelTarget,
		OptimisationOptions options)
	{
		NDManager scope = live.getManager();
		NDArray similarity = scope.zeros(new Shape());
		for (LayerTarget target : targets) {
			NDArray maps = UnitMaps.standardise(UnitMaps.select(output.activations()
				.get(target.layer().output()), target.units()), target.moments());
			NDArray dot = maps.mul(target.maps()).sum(new int[] { 1, 2 });
			NDArray norms = maps.square().sum(new int[] { 1, 2 }).mul(scope.create(
				target.squaredNorms())).sqrt();
			// each unit's own norms (the reference's edit notebook divided by the
			// last unit's): 0/0 counts as 0
			similarity = similarity.add(dot.div(norms.add(NORM_EPSILON)).sum());
		}
		NDArray activation = similarity.neg();
		NDArray total = activation;
		NDArray pixel = null;
		if (options.pixelWeight() > 0) {
			pixel = spec.toUnitRange(output.image()).sub(pixelTarget).square().mean();
			total = total.add(pixel.mul((float) options.pixelWeight()));
		}
		NDArray regulariser = null;
		if (options.regulariserWeight() > 0) {
			regulariser = live.sub(anchor).square().mean();
			total = total.add(regulariser.mul((float) options.regulariserWeight()));
		}
		return new Terms(total, activation, pixel, regulariser);
	}

	private static double value(NDArray scalar) {
		return scalar == null ? 0 : scalar.getFloat();
	}

	private static ArrayImg<FloatType, FloatArray> trajectory(
		List<float[]> frames, long[] shape)
	{
		int frameSize = frames.get(0).length;
		float[] all = new float[frameSize * frames.size()];
		for (int i = 0; i < frames.size(); i++)
			System.arraycopy(frames.get(i), 0, all, i * frameSize, frameSize);
		// (C, H, W) per frame, row-major, is ImgLib2's (x, y, channel) with x
		// fastest
		return ArrayImgs.floats(all, shape[3], shape[2], shape[1], frames.size());
	}
}
