
package io.github.rosettaneurons.describe;

import java.nio.file.Path;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.rosettaneurons.data.Preprocessor;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;

/**
 * An image-text encoder (CLIP's role) as a model package: its activations
 * method gives the image embedding as the first manifest layer, (B, D);
 * {@code config.describe.text_method} takes token ids (B, L) int64 and gives
 * text embeddings (B, D). Texts are put into {@code text_template} first
 * (default "{}"). Embeddings are L2-normalised on the engine.
 */
public final class TorchScriptEncoder implements ImageEmbedder, TextEmbedder,
	AutoCloseable
{

	static final String KIND = "image_text_encoder";
	private static final int BATCH = 32;

	private final Network network;
	private final LayerSpec imageOutput;
	private final String textMethod;
	private final String template;
	private final TextTokenizer tokenizer;
	private final Preprocessor preprocessor;

	private TorchScriptEncoder(ModelPackage modelPackage,
		BackendSettings settings)
	{
		this.textMethod = settings.text("text_method", "encode_text");
		this.template = settings.text("text_template", "{}");
		if (!template.contains("{}")) throw settings.invalid("text_template",
			"has no {}", "Mark where the text goes with {}");
		this.tokenizer = new TextTokenizer(settings);
		this.imageOutput = modelPackage.manifest().layers().get(0);
		this.preprocessor = new Preprocessor(modelPackage.manifest());
		this.network = modelPackage.load();
	}

	/** Opens and loads the package at {@code location}. */
	public static TorchScriptEncoder open(Path location) {
		ModelPackage modelPackage = ModelPackage.open(location);
		return new TorchScriptEncoder(modelPackage, BackendSettings.read(
			modelPackage, KIND));
	}

	@Override
	public String name() {
		return "encoder " + network.name();
	}

	@Override
	public float[][] embed(List<SourceImage> images) {
		float[][] rows = new float[images.size()][];
		for (int first = 0; first < images.size(); first += BATCH) {
			List<SourceImage> slice = images.subList(first, Math.min(first + BATCH,
				images.size()));
			try (NDManager scope = network.newScope()) {
				NDArray embeddings = network.activations(preprocessor.toBatch(scope,
					slice), List.of(imageOutput)).get(imageOutput.output());
				copyRows(normalised(embeddings), rows, first);
			}
		}
		return rows;
	}

	@Override
	public float[][] embedTexts(List<String> texts) {
		List<String> prompts = texts.stream().map(t -> template.replace("{}", t))
			.toList();
		float[][] rows = new float[texts.size()][];
		for (int first = 0; first < prompts.size(); first += BATCH) {
			List<String> slice = prompts.subList(first, Math.min(first + BATCH,
				prompts.size()));
			try (NDManager scope = network.newScope()) {
				NDArray ids = scope.create(tokenizer.encode(slice), new Shape(slice
					.size(), tokenizer.contextLength()));
				NDList out = network.invoke(textMethod, new NDList(ids));
				copyRows(normalised(out.get(0)), rows, first);
			}
		}
		return rows;
	}

	private static NDArray normalised(NDArray embeddings) {
		if (embeddings.getShape().dimension() != 2)
			throw new IllegalArgumentException("The encoder gave shape " + embeddings
				.getShape() + "; embeddings must be (batch, dimension).");
		NDArray floats = embeddings.toType(ai.djl.ndarray.types.DataType.FLOAT32,
			false);
		return floats.div(floats.norm(new int[] { 1 }, true).maximum(1e-12f));
	}

	private static void copyRows(NDArray matrix, float[][] rows, int first) {
		int dimension = (int) matrix.getShape().get(1);
		float[] values = matrix.toFloatArray();
		for (int i = 0; i < matrix.getShape().get(0); i++)
			rows[first + i] = java.util.Arrays.copyOfRange(values, i * dimension, (i +
				1) * dimension);
	}

	@Override
	public void close() {
		network.close();
	}
}
