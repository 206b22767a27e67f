
package io.github.rosettaneurons.spectral;

import java.util.Locale;

/**
 * Which graphs spectral grouping builds: each chosen layer's own features
 * ({@code layers}), or, for a transformer whose package exposes q, k and v,
 * every block's key–query graph cos(qᵢ, kⱼ) (the reference's "where" pathway)
 * or every block's value graph cos(vᵢ, vⱼ) (the "what" pathway).
 */
public enum Pathway {

		LAYERS, WHERE, WHAT;

	public static Pathway parse(String text) {
		try {
			return valueOf(text.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("Unknown pathway '" + text +
				"'; use layers, where (key-query) or what (value).");
		}
	}

	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}
}
