
package io.github.rosettaneurons.browse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDManager;
import ij.IJ;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.Preprocessor;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.data.StackSource;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;
import io.github.rosettaneurons.rosetta.UnitRef;

/**
 * The probe on scene_0 (a red circle centred at about (34, 20) in a 64×64
 * image, see scenes.csv).
 */
class UnitProbeTest {

	private static final SourceImage SCENE = new StackSource(IJ.openImage(
		TestZoo.FIRST_IMAGE.toString())).get(0);

	private static Map<UnitRef, UnitProbe.Hit> all(UnitProbe probe, double fx,
		double fy)
	{
		return probe.strongestAt(fx, fy, Integer.MAX_VALUE).stream().collect(
			Collectors.toMap(UnitProbe.Hit::unit, Function.identity()));
	}

	@Test
	void unitsStrongestOnTheObjectAreWeakerOnTheBackground() {
		UnitProbe probe = UnitProbe.of(SCENE, List.of(TestZoo.open("resnet-shapes"),
			TestZoo.open("vit-shapes"), TestZoo.open("world-generator")),
			Progress.NONE);
		List<UnitProbe.Hit> onObject = probe.strongestAt(34.5 / 64, 20.5 / 64, 5);
		assertEquals(10, onObject.size(),
			"5 units of each image model; the generator reads no images");
		assertEquals(5, onObject.stream().filter(h -> h.unit().model().equals(
			"vit-shapes")).count());
		Map<UnitRef, UnitProbe.Hit> onBackground = all(probe, 3.5 / 64, 60.5 / 64);
		for (int i = 0; i < onObject.size(); i++) {
			UnitProbe.Hit hit = onObject.get(i);
			if (i % 5 > 0) assertTrue(onObject.get(i - 1).zScore() >= hit.zScore(),
				"strongest first within a model");
			assertTrue(hit.zScore() > 1, hit + " stands out on the object");
			assertTrue(onBackground.get(hit.unit()).zScore() < hit.zScore(), hit +
				" is weaker on the background");
		}
	}

	@Test
	void aPointAtAMapPixelCentreReadsThatPixel() {
		ModelPackage resnet = TestZoo.open("resnet-shapes");
		UnitProbe probe = UnitProbe.of(SCENE, List.of(resnet), Progress.NONE);
		// layer3 is 8×8 on the 64-pixel input: map pixel (x 5, y 2) is centred at
		// fractions (5.5/8, 2.5/8)
		Map<UnitRef, UnitProbe.Hit> hits = all(probe, 5.5 / 8, 2.5 / 8);
		try (Network network = resnet.load();
				NDManager scope = network.newScope())
		{
			float[] maps = network.activations(new Preprocessor(resnet.manifest())
				.toBatch(scope, List.of(SCENE)), resnet.manifest().layers("layer3"))
				.get("layer3").toFloatArray();
			for (int unit = 0; unit < 64; unit++) {
				double expected = maps[unit * 64 + 2 * 8 + 5];
				assertEquals(expected, hits.get(new UnitRef("resnet-shapes", "layer3",
					unit)).activation(), 1e-5, "unit " + unit);
			}
		}
		int[] size = new int[2];
		assertEquals(64, probe.map(new UnitRef("resnet-shapes", "layer3", 3),
			size).length);
		assertEquals(8, size[0]);
		assertThrows(IllegalArgumentException.class, () -> probe.strongestAt(1.2,
			0.5, 3));
		assertThrows(IllegalArgumentException.class, () -> probe.map(new UnitRef(
			"resnet-shapes", "layer3", 64), size));
	}
}
