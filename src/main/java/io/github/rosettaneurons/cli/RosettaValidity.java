
package io.github.rosettaneurons.cli;

import java.util.List;

import io.github.rosettaneurons.data.ImageSource;
import io.github.rosettaneurons.dissect.LayerResult;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;
import io.github.rosettaneurons.rosetta.FolderImages;
import io.github.rosettaneurons.rosetta.MinedModel;
import io.github.rosettaneurons.rosetta.MiningImages;
import io.github.rosettaneurons.rosetta.MiningOptions;
import io.github.rosettaneurons.rosetta.MiningResult;
import io.github.rosettaneurons.rosetta.RosettaDictionary;
import io.github.rosettaneurons.rosetta.RosettaMiner;

/**
 * Rosetta Neurons' validity figures from one strict mutual mining pass: a
 * trained anchor (all its layers) against one layer of a trained model and the
 * same layer of that model's random-init control, on the same images. Trained
 * models should share far more units than a trained model and a random one, and
 * the trained model's shared units should carry the planted shape and part
 * concepts (their best object/part IoU in the dissection of that layer) far
 * more strongly than the control's.
 */
final class RosettaValidity {

	private RosettaValidity() {}

	/**
	 * The buddies of {@code anchor} with {@code trained} and with {@code control}
	 * (both at {@code layer}).
	 */
	static List<RosettaDictionary> strictBuddies(ModelPackage anchor,
		ModelPackage trained, ModelPackage control, String layer,
		ImageSource images, Progress progress)
	{
		try (Network anchorNet = anchor.load();
				Network trainedNet = trained.load();
				Network controlNet = control.load())
		{
			MinedModel anchorModel = MinedModel.allLayers(anchorNet);
			List<MinedModel> others = List.of(atLayer(trainedNet, layer), atLayer(
				controlNet, layer));
			MiningImages source = new FolderImages(images, List.of(anchorModel, others
				.get(0), others.get(1)));
			MiningResult result = new RosettaMiner(anchorModel, others, source,
				MiningOptions.defaults().withBatchSize(32)).mine(progress);
			return result.pairs();
		}
	}

	private static MinedModel atLayer(Network network, String layer) {
		return new MinedModel(network, List.of(network.manifest().layer(layer)));
	}

	/** The units of {@code model} that are Rosetta units of the dictionary. */
	static List<Integer> units(RosettaDictionary buddies, String model) {
		return buddies.neurons().stream().map(neuron -> neuron.matches().get(model)
			.unit().unit()).toList();
	}

	static List<ValidityRow> rows(String anchor, String trained, String control,
		List<RosettaDictionary> buddies, LayerResult trainedLayer,
		LayerResult controlLayer, int images)
	{
		RosettaDictionary withTrained = buddies.get(0);
		RosettaDictionary withControl = buddies.get(1);
		String pairs = anchor + " x " + trained + " vs " + anchor + " x " +
			control + " " + trainedLayer.layer() + " on " + images +
			" concept images";
		return List.of(new ValidityRow("rosetta", "strict buddies", withTrained
			.size(), withControl.size(), ValidityRow.Target.timesControl(2), pairs),
			new ValidityRow("rosetta", "Rosetta units' object/part IoU",
				DissectValidity.meanBestIou(trainedLayer, units(withTrained, trained)),
				DissectValidity.meanBestIou(controlLayer, units(withControl, control)),
				ValidityRow.Target.timesControl(3),
				"mean best object/part IoU of the " + trained + " and " + control +
					" units in those buddies"));
	}
}
