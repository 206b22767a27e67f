
package io.github.rosettaneurons.engine;

import java.util.Locale;

/**
 * What a network in the zoo does; decides which TorchScript method produces
 * activations.
 */
public enum ModelRole {

		/** Image in, class scores out (supervised). */
		CLASSIFIER,
		/** Image in, features out (self-supervised, autoencoder encoder, ...). */
		ENCODER,
		/** Latent (and class) in, image out. */
		GENERATOR;

	static ModelRole parse(String text) {
		return valueOf(text.trim().toUpperCase(Locale.ROOT));
	}
}
