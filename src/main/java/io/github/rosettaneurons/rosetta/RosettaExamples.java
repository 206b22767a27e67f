
package io.github.rosettaneurons.rosetta;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.NativeMemory;
import io.github.rosettaneurons.engine.Progress;

/**
 * The best example image of each Rosetta neuron and every model's map of it
 * there. As in the reference, an image's score for a matched pair is the mean
 * over pixels of the product of the two z-scored maps (both resized to the
 * larger grid); here the pair scores of all models are summed. The search runs
 * over the candidates a mining pass tracked ({@link ExampleCandidates}: the
 * images where one of the neuron's units is most active), or over every image
 * when none were tracked (a run finished from shard files).
 */
public final class RosettaExamples {

	/**
	 * One neuron's example: the image, and per model (anchor first) its unit's
	 * raw map on it.
	 */
	public record Example(RosettaNeuron neuron, int imageIndex, SourceImage image,
		Map<UnitRef, Map2D> maps)
	{}

	/** A single-channel map, row-major. */
	public record Map2D(int width, int height, float[] values) {}

	private RosettaExamples() {}

	/**
	 * Examples of the first {@code count} neurons, searched over
	 * {@code candidates} (or over all images when null).
	 */
	public static List<Example> find(RosettaMiner miner, UnitStatistics stats,
		RosettaDictionary dictionary, int count, ExampleCandidates candidates,
		Progress progress)
	{
		List<RosettaNeuron> neurons = dictionary.neurons().subList(0, Math.min(
			count, dictionary.size()));
		if (neurons.isEmpty()) return List.of();
		int[] searched = searched(miner, neurons, candidates);
		double[] bestScore = new double[neurons.size()];
		int[] bestImage = new int[neurons.size()];
		List<Map<UnitRef, Map2D>> bestMaps = new ArrayList<>();
		for (int r = 0; r < neurons.size(); r++)
			bestMaps.add(null);
		java.util.Arrays.fill(bestScore, Double.NEGATIVE_INFINITY);
		StdVariant variant = miner.options().stdVariant();
		int batch = miner.options().batchSize();
		try (NDManager matrices = miner.anchor().network().newScope()) {
			PairResampling resampling = new PairResampling(matrices,
				DataType.FLOAT32);
			NativeMemory.Ceiling memory = new NativeMemory.Ceiling();
			for (int first = 0; first < searched.length; first += batch) {
				progress.checkCancelled();
				progress.report(first, searched.length, "Rosetta examples: image " +
					(first + 1) + " of " + searched.length);
				int[] indices = java.util.Arrays.copyOfRange(searched, first, Math.min(
					first + batch, searched.length));
				try (NDManager scope = miner.anchor().network().newScope()) {
					Map<String, Map<String, NDArray>> activations = miner.images()
						.activations(indices, scope);
					for (int r = 0; r < neurons.size(); r++) {
						RosettaNeuron neuron = neurons.get(r);
						NDArray anchorMap = unitMap(miner, activations, stats, neuron
							.anchor(), variant);
						NDArray total = null;
						for (RosettaNeuron.Match match : neuron.matches().values()) {
							NDArray score = perImageProduct(anchorMap, unitMap(miner,
								activations, stats, match.unit(), variant), resampling);
							total = total == null ? score : total.add(score);
						}
						float[] perImage = total.toFloatArray();
						int best = -1;
						for (int i = 0; i < indices.length; i++)
							if (perImage[i] > bestScore[r]) {
								bestScore[r] = perImage[i];
								best = i;
							}
						if (best >= 0) {
							bestImage[r] = indices[best];
							bestMaps.set(r, maps(miner, activations, neuron, best));
						}
					}
				}
				memory.afterBatch();
			}
		}
		List<Example> examples = new ArrayList<>();
		for (int r = 0; r < neurons.size(); r++)
			examples.add(new Example(neurons.get(r), bestImage[r], miner.images()
				.image(bestImage[r]), bestMaps.get(r)));
		return examples;
	}

	/** How many images {@link #find} runs the models on for these arguments. */
	public static int searchedImages(RosettaMiner miner,
		RosettaDictionary dictionary, int count, ExampleCandidates candidates)
	{
		return searched(miner, dictionary.neurons().subList(0, Math.min(count,
			dictionary.size())), candidates).length;
	}

	/**
	 * The images to search, ascending: every image, or the union of the neurons'
	 * units' candidates.
	 */
	private static int[] searched(RosettaMiner miner, List<RosettaNeuron> neurons,
		ExampleCandidates candidates)
	{
		if (candidates == null) return java.util.stream.IntStream.range(0, miner
			.images().size()).toArray();
		TreeSet<Integer> images = new TreeSet<>();
		for (RosettaNeuron neuron : neurons)
			for (UnitRef unit : units(neuron))
				candidates.collect(unit.model(), outputOf(miner, unit), unit.unit(),
					images);
		return images.stream().mapToInt(Integer::intValue).toArray();
	}

	private static List<UnitRef> units(RosettaNeuron neuron) {
		List<UnitRef> units = new ArrayList<>(List.of(neuron.anchor()));
		neuron.matches().values().forEach(m -> units.add(m.unit()));
		return units;
	}

	/**
	 * Every unit's raw map of a neuron on image {@code i} of a batch, anchor
	 * first.
	 */
	private static Map<UnitRef, Map2D> maps(RosettaMiner miner,
		Map<String, Map<String, NDArray>> activations, RosettaNeuron neuron, int i)
	{
		Map<UnitRef, Map2D> maps = new LinkedHashMap<>();
		for (UnitRef unit : units(neuron)) {
			NDArray map = rawMap(miner, activations, unit).get(i);
			maps.put(unit, new Map2D((int) map.getShape().get(1), (int) map.getShape()
				.get(0), map.toFloatArray()));
		}
		return maps;
	}

	/** (N, 1, h, w) map of one unit, z-scored with the mining statistics. */
	private static NDArray unitMap(RosettaMiner miner,
		Map<String, Map<String, NDArray>> activations, UnitStatistics stats,
		UnitRef unit, StdVariant variant)
	{
		String output = outputOf(miner, unit);
		double mean = stats.mean(unit.model(), output, variant)[unit.unit()];
		double std = stats.std(unit.model(), output, variant)[unit.unit()] + 1e-5;
		return rawMap(miner, activations, unit).expandDims(1).sub(mean).div(std);
	}

	private static NDArray rawMap(RosettaMiner miner,
		Map<String, Map<String, NDArray>> activations, UnitRef unit)
	{
		return activations.get(unit.model()).get(outputOf(miner, unit)).get(":, " +
			unit.unit() + ", :, :");
	}

	private static String outputOf(RosettaMiner miner, UnitRef unit) {
		List<MinedModel> all = new ArrayList<>(List.of(miner.anchor()));
		all.addAll(miner.others());
		for (MinedModel model : all)
			if (model.name().equals(unit.model())) return model.network().manifest()
				.layer(unit.layer()).output();
		throw new IllegalArgumentException("Model " + unit.model() +
			" is not part of this mining run");
	}

	/**
	 * Per image: mean over the larger grid of up(a)·up(b), for (N, 1, h, w) maps.
	 */
	private static NDArray perImageProduct(NDArray a, NDArray b,
		PairResampling resampling)
	{
		int ha = (int) a.getShape().get(2), wa = (int) a.getShape().get(3);
		int hb = (int) b.getShape().get(2), wb = (int) b.getShape().get(3);
		int targetH = Math.max(ha, hb), targetW = Math.max(wa, wb);
		NDArray bOnA = resampling.move(b, ha, wa, targetH, targetW);
		return a.mul(bOnA).sum(new int[] { 1, 2, 3 }).div((double) targetH *
			targetW);
	}
}
