
package io.github.rosettaneurons.spectral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.Preprocessor;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelManifest;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;

/**
 * The pathway option: where = every block's q|k graph, what = every block's v
 * graph, layers = the named layers.
 */
class PathwayTest {

	@Test
	void pathwaysPickEveryBlocksProjections() {
		ModelManifest manifest = TestZoo.open("vit-shapes").manifest();
		List<GraphLayer> where = GraphLayer.of(manifest, Pathway.parse("where"),
			"");
		assertEquals(List.of("blocks.0.q|blocks.0.k", "blocks.1.q|blocks.1.k",
			"blocks.2.q|blocks.2.k", "blocks.3.q|blocks.3.k"), where.stream().map(
				GraphLayer::label).toList());
		assertTrue(where.stream().allMatch(GraphLayer::keyQuery));
		List<GraphLayer> what = GraphLayer.of(manifest, Pathway.WHAT, " ");
		assertEquals(List.of("blocks.0.v", "blocks.1.v", "blocks.2.v",
			"blocks.3.v"), what.stream().map(GraphLayer::label).toList());
		assertFalse(what.get(0).keyQuery());
		assertEquals(List.of("blocks.0", "blocks.1", "blocks.2", "blocks.3"),
			GraphLayer.of(manifest, Pathway.LAYERS, "").stream().map(
				GraphLayer::label).toList(),
			"the default layers leave the attention projections out");
		assertEquals("v", manifest.layer("blocks.2.v").projection());
	}

	@Test
	void pathwaysNeedProjectionsAndNoLayerList() {
		ModelManifest resnet = TestZoo.open("resnet-shapes").manifest();
		IllegalArgumentException missing = assertThrows(
			IllegalArgumentException.class, () -> GraphLayer.of(resnet, Pathway.WHERE,
				""));
		assertTrue(missing.getMessage().contains("resnet-shapes") && missing
			.getMessage().contains("--qkv"), missing.getMessage());
		ModelManifest vit = TestZoo.open("vit-shapes").manifest();
		assertThrows(IllegalArgumentException.class, () -> GraphLayer.of(vit,
			Pathway.WHAT, "blocks.1"));
		IllegalArgumentException unknown = assertThrows(
			IllegalArgumentException.class, () -> Pathway.parse("when"));
		assertTrue(unknown.getMessage().contains("where"), unknown.getMessage());
	}

	/**
	 * The grouper's where graphs are the kNN graphs of cos(q, k) of each block,
	 * not of q or k alone.
	 */
	@Test
	void whereGraphsCompareEachBlocksQueriesWithItsKeys() {
		ModelPackage modelPackage = TestZoo.open("vit-shapes");
		SpectralSettings settings = SpectralSettings.defaults();
		try (Network network = modelPackage.load();
				NDManager scope = network.newScope())
		{
			SpectralGrouper grouper = new SpectralGrouper(network, GraphLayer.of(
				modelPackage.manifest(), Pathway.WHERE, ""), settings);
			List<LayerSpec> outputs = grouper.outputs();
			assertEquals(8, outputs.size(), "q and k of four blocks");
			Map<String, NDArray> activations = network.activations(new Preprocessor(
				modelPackage.manifest()).toBatch(scope, List.of(ObjectMasks.image(2))),
				outputs);
			NDArray probe = SpectralObjectiveTest.features(scope, 3, 64, 5);
			try (SpectralGrouper.Problem problem = grouper.problem(scope, activations,
				false))
			{
				assertEquals(4, problem.graphs().size());
				for (int block = 0; block < 4; block++) {
					NDArray queries = SpectralGrouper.pixelRows(activations.get(
						"blocks." + block + ".q"));
					NDArray keys = SpectralGrouper.pixelRows(activations.get("blocks." +
						block + ".k"));
					NDArray actual = problem.graphs().get(block).propagate(probe);
					try (KnnGraph keyQuery = knn(scope, queries, keys, settings);
							KnnGraph queryOnly = knn(scope, queries, queries, settings))
					{
						assertTrue(actual.sub(keyQuery.propagate(probe)).abs().max()
							.getFloat() < 1e-5, "block " + block);
						assertTrue(actual.sub(queryOnly.propagate(probe)).abs().max()
							.getFloat() > 1e-3, "block " + block +
								": q|k differs from q alone");
					}
				}
			}
		}
	}

	private static KnnGraph knn(NDManager scope, NDArray queries, NDArray keys,
		SpectralSettings settings)
	{
		return new KnnGraph(scope, queries, keys, 64, settings.intraNeighbours(),
			settings.interNeighbours(), settings.threshold());
	}
}
