
package io.github.rosettaneurons.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The zoo packages the demo uses, by role. The defaults are sample zoo v2's;
 * the options name others (the first sample zoo's, a user's zoo). (A class, not
 * a record: the project's formatter folds a record's body into one line.)
 */
final class DemoModels {

	static final Set<String> KEYS = Set.of("anchor", "mine", "cnn", "cnn-control",
		"vit", "vit-control");

	private final String generator;
	private final List<String> mined = new ArrayList<>();
	private final String cnn;
	private final String cnnControl;
	private final String vit;
	private final String vitControl;

	DemoModels(Arguments arguments) {
		generator = arguments.get("anchor", "scene-generator");
		for (String name : arguments.get("mine",
			"resnet-scenes,vit-scenes,context-encoder").split(","))
			if (!name.isBlank()) mined.add(name.trim());
		cnn = arguments.get("cnn", "resnet-scenes");
		cnnControl = arguments.get("cnn-control", "resnet-scenes-random");
		vit = arguments.get("vit", "vit-scenes");
		vitControl = arguments.get("vit-control", "vit-scenes-random");
	}

	/** The anchor of the Rosetta mining and the inversions. */
	String generator() {
		return generator;
	}

	/** The models mined against the generator. */
	List<String> mined() {
		return List.copyOf(mined);
	}

	/** The trained CNN: dissected, grouped, inverted through. */
	String cnn() {
		return cnn;
	}

	String cnnControl() {
		return cnnControl;
	}

	/** The trained ViT: its pathways, and the anchor of the buddy counts. */
	String vit() {
		return vit;
	}

	String vitControl() {
		return vitControl;
	}
}
