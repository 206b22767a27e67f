
package io.github.rosettaneurons.describe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.data.ConceptLabel;
import io.github.rosettaneurons.data.FolderSource;
import io.github.rosettaneurons.data.ImageSource;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.ModelRole;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;

/**
 * Opens what a Describe Neurons run needs from the user's choices and picks the
 * backends (docs/describe.md): candidates from a captioner, else from a
 * vocabulary (a word list, else the concept set's label names) scored by an
 * image-text encoder, else from the concept set's masks; concept images from a
 * generator, else retrieved from the concept set; image similarity from the
 * encoder, else from the target layer's features. Shared by the Fiji command
 * and the command line.
 */
public final class DescribeSetup implements AutoCloseable {

	/** Images per forward pass unless the user says otherwise. */
	public static final int DEFAULT_BATCH = 16;

	/**
	 * What the user asked for; paths may be null when not given.
	 *
	 * @param units e.g. "0-9,12"; blank for all units
	 */
	public record Request(Path model, String layer, String units, Path images,
		Path concepts, Path captioner, Path encoder, Path words, Path generator,
		DescribeOptions options, int batch, long seed)
	{}

	private final List<AutoCloseable> opened = new ArrayList<>();
	private final NeuronDescriber describer;
	private final int[] units;
	private final String summary;

	private DescribeSetup(Request request, Progress progress) {
		try {
			ModelPackage modelPackage = ModelPackage.open(request.model());
			if (modelPackage.manifest().role() == ModelRole.GENERATOR)
				throw new IllegalArgumentException(request.model() + ": '" +
					modelPackage.name() +
					"' is a generator; describe the units of a model that reads images.");
			List<LayerSpec> layers = modelPackage.manifest().layers();
			LayerSpec layer = request.layer() == null || request.layer().isBlank()
				? layers.get(layers.size() - 1) : modelPackage.manifest().layer(request
					.layer());
			BrodenDataset concepts = request.concepts() == null ? null : BrodenDataset
				.open(request.concepts());
			if (request.images() == null && concepts == null)
				throw new IllegalArgumentException("No probing images: give " +
					"a folder of images or a concept set (Broden format).");
			ImageSource probe = request.images() != null ? new FolderSource(request
				.images()) : concepts.images();
			Network network = keep(modelPackage.load());
			LayerReader reader = new LayerReader(network, layer, request.options()
				.pooling(), request.batch());
			TorchScriptEncoder encoder = request.encoder() == null ? null : keep(
				TorchScriptEncoder.open(request.encoder()));
			CandidateGenerator candidates = candidates(request, concepts, encoder);
			ConceptImages conceptImages = conceptImages(request, concepts, progress);
			ImageEmbedder embedder = encoder != null ? encoder : new NetworkFeatures(
				reader);
			describer = new NeuronDescriber(reader, probe, candidates, conceptImages,
				embedder, request.options());
			units = parseUnits(request.units());
			summary = reader.describe() + " on " + probe.describe() + "; " + describer
				.backend();
		}
		catch (RuntimeException e) {
			close();
			throw e;
		}
	}

	/**
	 * Opens everything; {@code progress} sees (and may cancel) the one-time
	 * indexing of a concept set.
	 */
	public static DescribeSetup open(Request request, Progress progress) {
		return new DescribeSetup(request, progress);
	}

	private <T extends AutoCloseable> T keep(T resource) {
		opened.add(resource);
		return resource;
	}

	private CandidateGenerator candidates(Request request, BrodenDataset concepts,
		TorchScriptEncoder encoder)
	{
		int count = request.options().candidates();
		if (request.captioner() != null) return new CaptionCandidates(keep(
			TorchScriptCaptioner.open(request.captioner())), count);
		if (encoder != null) {
			List<String> words = request.words() != null ? readWords(request.words())
				: concepts != null ? concepts.labels().stream().map(
					ConceptLabel::displayName).distinct().toList() : null;
			if (words == null) throw new IllegalArgumentException(
				"The image-text encoder needs words to score: give a " +
					"word list or a concept set.");
			return new VocabularyCandidates(encoder, encoder, words, count);
		}
		if (request.words() != null) return new VocabularyList(readWords(request
			.words()));
		if (concepts == null) throw new IllegalArgumentException(
			"No way to find candidate concepts: give a captioner, " +
				"an image-text encoder, a word list or a concept set.");
		if (request.images() != null) throw new IllegalArgumentException(
			"Candidates from the concept set's masks need " +
				"the concept set as probing set (its images have masks); leave the folder of images empty, or give an " +
				"image-text encoder or a captioner.");
		return new MaskCandidates(concepts, request.options().crops(), count);
	}

	private ConceptImages conceptImages(Request request, BrodenDataset concepts,
		Progress progress)
	{
		if (request.generator() != null) {
			Network generator = keep(ModelPackage.open(request.generator()).load());
			return new GeneratedConceptImages(generator, request.seed());
		}
		if (concepts == null) throw new IllegalArgumentException(
			"No concept images: give a class-conditional generator " +
				"or a concept set to retrieve images from.");
		return new RetrievedConceptImages(concepts, progress);
	}

	/**
	 * One word or phrase per line; blank lines and lines starting with # are
	 * skipped.
	 */
	static List<String> readWords(Path file) {
		try {
			Set<String> words = new LinkedHashSet<>();
			for (String line : Files.readAllLines(file, StandardCharsets.UTF_8))
				if (!line.isBlank() && !line.strip().startsWith("#")) words.add(line
					.strip());
			if (words.isEmpty()) throw new IllegalArgumentException(file +
				": holds no words. Write one word per line.");
			return List.copyOf(words);
		}
		catch (IOException e) {
			throw new IllegalArgumentException(file +
				": cannot read the word list (" + e.getMessage() + ").", e);
		}
	}

	/** "0-3,7" → {0, 1, 2, 3, 7}; blank → null (all units). */
	static int[] parseUnits(String text) {
		if (text == null || text.isBlank()) return null;
		Set<Integer> units = new LinkedHashSet<>();
		for (String part : text.split(",")) {
			String item = part.strip();
			if (item.isEmpty()) continue;
			try {
				int dash = item.indexOf('-', 1);
				int from = Integer.parseInt((dash < 0 ? item : item.substring(0, dash))
					.strip());
				int to = dash < 0 ? from : Integer.parseInt(item.substring(dash + 1)
					.strip());
				if (from < 0 || to < from) throw new NumberFormatException();
				for (int u = from; u <= to; u++)
					units.add(u);
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException("Units '" + text + "': '" + item +
					"' is not a unit or a range like 0-9.");
			}
		}
		return units.stream().mapToInt(i -> i).toArray();
	}

	public NeuronDescriber describer() {
		return describer;
	}

	/** The chosen units, or null for all. */
	public int[] units() {
		return units;
	}

	/** The layer, probing set and backends, for logs. */
	public String summary() {
		return summary;
	}

	@Override
	public void close() {
		for (AutoCloseable resource : opened) {
			try {
				resource.close();
			}
			catch (Exception ignored) {
				// closing native models does not fail in practice; nothing else to do
			}
		}
	}
}
