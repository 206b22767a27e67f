
package io.github.rosettaneurons.describe;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Token ids for an image-text encoder's text method, as its package declares
 * (docs/describe.md): {@code words} looks up each lower-case word in a
 * vocabulary file (line i is id i) and {@code phrases} maps a whole text to its
 * line of a phrase list (an exporter can precompute embeddings of a fixed list,
 * e.g. for a subword tokenizer Java does not have). Sequences are padded to
 * {@code contextLength}.
 */
final class TextTokenizer {

	private final boolean phrases;
	private final Map<String, Integer> ids = new HashMap<>();
	private final int contextLength;
	private final int pad;
	private final int unknown;
	private final int start;
	private final int end;

	TextTokenizer(BackendSettings settings) {
		String type = settings.text("tokenizer", "words");
		if (!type.equals("words") && !type.equals("phrases")) throw settings
			.invalid("tokenizer", "is '" + type + "'", "Use words or phrases");
		phrases = type.equals("phrases");
		List<String> lines = settings.lines("vocabulary");
		for (int i = 0; i < lines.size(); i++)
			ids.putIfAbsent(normalise(lines.get(i)), i);
		contextLength = phrases ? 1 : settings.integer("context_length", 16);
		pad = settings.integer("pad_id", 0);
		unknown = settings.integer("unknown_id", -1);
		start = settings.integer("start_id", -1);
		end = settings.integer("end_id", -1);
		if (contextLength < 1) throw settings.invalid("context_length", "is " +
			contextLength, "Give at least 1");
	}

	private static String normalise(String text) {
		return String.join(" ", Words.of(text.toLowerCase(Locale.ROOT)));
	}

	int contextLength() {
		return contextLength;
	}

	/** Row-major (texts × contextLength) ids. */
	long[] encode(List<String> texts) {
		long[] out = new long[texts.size() * contextLength];
		java.util.Arrays.fill(out, pad);
		for (int t = 0; t < texts.size(); t++) {
			String text = texts.get(t);
			if (phrases) {
				Integer id = ids.get(normalise(text));
				if (id == null) throw new IllegalArgumentException("'" + text +
					"' is not in the encoder's phrase list; " +
					"a 'phrases' encoder only embeds the texts it was exported with. Re-export it with this text.");
				out[t] = id;
				continue;
			}
			int position = 0;
			if (start >= 0) out[t * contextLength + position++] = start;
			for (String word : Words.of(text)) {
				if (position >= contextLength - (end >= 0 ? 1 : 0)) break;
				Integer id = ids.get(word);
				if (id == null && unknown < 0) continue;
				out[t * contextLength + position++] = id == null ? unknown : id;
			}
			if (end >= 0) out[t * contextLength + position] = end;
		}
		return out;
	}
}
