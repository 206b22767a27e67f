
package io.github.rosettaneurons.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.data.ConceptLabel;
import io.github.rosettaneurons.dissect.LayerResult;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Progress;
import io.github.rosettaneurons.invert.OptimisationOptions;
import io.github.rosettaneurons.invert.RosettaPairs;
import io.github.rosettaneurons.spectral.SpectralSettings;

/**
 * The demo's last stage: whether each method works on the sample world,
 * measured on the methods' own outputs for trained models against random-init
 * controls (docs/sample-world.md), printed as a table and written as
 * validity.csv. Kept small so the whole demo stays within minutes on a laptop:
 * the figures below say how much is measured.
 */
final class DemoValidity {

	/** Concept images grouped per model for the spectral figure. */
	static final int SPECTRAL_IMAGES = 6;
	/** Concept images inverted, and the optimiser steps per inversion. */
	static final int INVERTED_IMAGES = 4;
	static final int INVERSION_STEPS = 200;
	/** Units described, the best-labelled first. */
	static final int DESCRIBED_UNITS = 12;
	static final String ENCODER = "scene-clip";
	static final String CAPTIONER = "scene-captioner";

	private final Path zoo;
	private final Path concepts;
	private final Path describe;
	private final DemoModels models;
	private final List<ValidityRow> rows = new ArrayList<>();

	DemoValidity(Path zoo, Path concepts, Path describe, DemoModels models) {
		this.zoo = zoo;
		this.concepts = concepts;
		this.describe = describe;
		this.models = models;
	}

	List<ValidityRow> rows() {
		return rows;
	}

	/** The shapes (object labels) of the concept set. */
	List<String> shapes() {
		return BrodenDataset.open(concepts).labels().stream().filter(label -> label
			.primaryCategory().equals("object")).map(ConceptLabel::displayName)
			.toList();
	}

	void dissection(LayerResult trained, LayerResult control) {
		rows.addAll(DissectValidity.rows(models.cnn(), models.cnnControl(), trained,
			control, shapes()));
	}

	/**
	 * Strict buddies of the trained ViT with the trained CNN and with the CNN's
	 * control, at the dissected layer, on every concept image.
	 */
	void rosetta(LayerResult trained, LayerResult control) {
		BrodenDataset images = BrodenDataset.open(concepts);
		rows.addAll(RosettaValidity.rows(models.vit(), models.cnn(), models
			.cnnControl(), RosettaValidity.strictBuddies(modelPackage(models.vit()),
				modelPackage(models.cnn()), modelPackage(models.cnnControl()), trained
					.layer(), images.images(), Progress.NONE), trained, control, images
						.size()));
	}

	void spectral(SpectralSettings settings) {
		PathwayBenchmark.ObjectTruth truth = PathwayBenchmark.ObjectTruth.read(
			concepts, SPECTRAL_IMAGES);
		rows.addAll(SpectralValidity.rows(models.cnn(), models.cnnControl(),
			SpectralValidity.objectBackground(modelPackage(models.cnn()), truth,
				settings), SpectralValidity.objectBackground(modelPackage(models
					.cnnControl()), truth, settings), truth.images().size(), settings));
	}

	void describe(LayerResult trained) {
		rows.add(DescribeValidity.row(zoo.resolve(models.cnn()), trained, concepts,
			describe.resolve(ENCODER), describe.resolve(CAPTIONER), DESCRIBED_UNITS));
	}

	void inversion(Path dictionary) {
		ModelPackage generator = modelPackage(models.generator());
		rows.add(InversionValidity.row(generator, modelPackage(models.cnn()),
			RosettaPairs.read(dictionary, generator.name()), concepts,
			INVERTED_IMAGES, OptimisationOptions.inversion().withSteps(
				INVERSION_STEPS)));
	}

	private ModelPackage modelPackage(String name) {
		return ModelPackage.open(zoo.resolve(name));
	}

	/** Whether the zoo holds every named package. */
	boolean has(String... names) {
		for (String name : names)
			if (!Files.isDirectory(zoo.resolve(name))) return false;
		return Files.isDirectory(concepts);
	}

	/** validity.csv, in the order the rows were measured. */
	void write(Path csv) {
		StringBuilder text = new StringBuilder(ValidityRow.HEADER).append('\n');
		for (ValidityRow row : rows)
			text.append(row.csv()).append('\n');
		DemoJob.write(csv, text.toString());
	}

	/** The rows as a console table. */
	String table() {
		String format = "%-10s %-36s %10s %10s %-18s %s%n";
		StringBuilder text = new StringBuilder(String.format(Locale.ROOT, format,
			"method", "metric", "trained", "control", "target", "pass"));
		for (ValidityRow row : rows)
			text.append(String.format(Locale.ROOT, format, row.method(), row.metric(),
				ValidityRow.figure(row.trained()), ValidityRow.figure(row.control()),
				row.target().text(), row.pass() ? "yes" : "NO (" + row.note() + ")"));
		return text.toString();
	}
}
