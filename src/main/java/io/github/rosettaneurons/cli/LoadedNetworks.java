
package io.github.rosettaneurons.cli;

import java.util.HashMap;
import java.util.Map;

import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;

/**
 * The networks a batch step's items share: each package loaded at its first
 * item, all closed with the step.
 */
final class LoadedNetworks implements AutoCloseable {

	private final Map<ModelPackage, Network> loaded = new HashMap<>();

	Network of(ModelPackage modelPackage) {
		return loaded.computeIfAbsent(modelPackage, ModelPackage::load);
	}

	@Override
	public void close() {
		loaded.values().forEach(Network::close);
		loaded.clear();
	}
}
