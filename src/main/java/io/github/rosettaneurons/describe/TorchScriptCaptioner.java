
package io.github.rosettaneurons.describe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.rosettaneurons.data.Preprocessor;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;

/**
 * A captioner (BLIP's role) as a model package: its activations method decodes
 * captions itself (e.g. greedily) and gives their token ids (B, T) as the first
 * manifest layer; {@code config.describe.vocabulary} turns ids into tokens.
 * With {@code wordpiece: true} (BERT/BLIP), tokens starting with "##" join the
 * previous one; special tokens ({@code skip_tokens}) are dropped and
 * {@code end_token} ends a caption.
 */
public final class TorchScriptCaptioner implements Captioner, AutoCloseable {

	static final String KIND = "captioner";
	private static final int BATCH = 16;

	private final Network network;
	private final LayerSpec idsOutput;
	private final List<String> vocabulary;
	private final boolean wordpiece;
	private final Set<String> skip;
	private final String endToken;
	private final Preprocessor preprocessor;

	private TorchScriptCaptioner(ModelPackage modelPackage,
		BackendSettings settings)
	{
		this.vocabulary = settings.lines("vocabulary");
		this.wordpiece = settings.flag("wordpiece", false);
		this.skip = Set.copyOf(settings.texts("skip_tokens", List.of("[CLS]",
			"[PAD]", "[UNK]")));
		this.endToken = settings.text("end_token", "[SEP]");
		this.idsOutput = modelPackage.manifest().layers().get(0);
		this.preprocessor = new Preprocessor(modelPackage.manifest());
		this.network = modelPackage.load();
	}

	public static TorchScriptCaptioner open(Path location) {
		ModelPackage modelPackage = ModelPackage.open(location);
		return new TorchScriptCaptioner(modelPackage, BackendSettings.read(
			modelPackage, KIND));
	}

	@Override
	public String name() {
		return "captioner " + network.name();
	}

	@Override
	public List<String> captions(List<SourceImage> images) {
		List<String> captions = new ArrayList<>();
		for (int first = 0; first < images.size(); first += BATCH) {
			List<SourceImage> slice = images.subList(first, Math.min(first + BATCH,
				images.size()));
			try (NDManager scope = network.newScope()) {
				NDArray ids = network.activations(preprocessor.toBatch(scope, slice),
					List.of(idsOutput)).get(idsOutput.output());
				if (ids.getShape().dimension() != 2) throw new IllegalArgumentException(
					"Captioner " + network.name() + " gave shape " + ids.getShape() +
						"; token ids must be (batch, length).");
				long[] values = ids.toType(DataType.INT64, false).toLongArray();
				int length = (int) ids.getShape().get(1);
				for (int i = 0; i < slice.size(); i++)
					captions.add(decode(values, i * length, length));
			}
		}
		return captions;
	}

	String decode(long[] ids, int offset, int length) {
		StringBuilder text = new StringBuilder();
		for (int i = offset; i < offset + length; i++) {
			if (ids[i] < 0 || ids[i] >= vocabulary.size())
				throw new IllegalArgumentException("Captioner " + network.name() +
					" gave token id " + ids[i] + "; its vocabulary has " + vocabulary
						.size() + " entries.");
			String token = vocabulary.get((int) ids[i]);
			if (token.equals(endToken)) break;
			if (skip.contains(token)) continue;
			if (wordpiece && token.startsWith("##")) text.append(token.substring(2));
			else text.append(text.length() == 0 ? "" : " ").append(token);
		}
		return text.toString();
	}

	@Override
	public void close() {
		network.close();
	}
}
