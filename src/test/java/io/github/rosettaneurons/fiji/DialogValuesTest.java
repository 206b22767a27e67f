
package io.github.rosettaneurons.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import ij.Macro;
import ij.Prefs;
import io.github.rosettaneurons.TestZoo;

/**
 * What the dialogs start from and offer, without a window (the dialog itself is
 * GuiSmokeIT's): remembered values per command, the zoo's packages, a package's
 * layers, and the layer check that runs before any command.
 */
@ExtendWith(MacroThread.class)
class DialogValuesTest {

	@TempDir
	Path temp;

	private static final List<String> KEYS = List.of(
		"rosetta.dissectunits.layers", "rosetta.extractactivations.layers",
		ModelZoo.PREFERENCE);

	@AfterEach
	void forget() {
		for (String key : KEYS)
			Prefs.set(key, null);
	}

	private static DialogField field(
		Class<? extends org.scijava.command.Command> command, String key)
	{
		return new CommandBridge(command).fields().stream().filter(f -> f.key()
			.equals(key)).findFirst().orElseThrow();
	}

	@Test
	void aCommandsDialogStartsAtItsLastValuesElseTheDefault() {
		RememberedValues dissect = new RememberedValues(DissectUnitsCommand.class);
		DialogField layers = field(DissectUnitsCommand.class, "layers");
		DialogField quantile = field(DissectUnitsCommand.class, "quantile");
		assertEquals("rosetta.dissectunits.layers", dissect.key(layers));
		assertEquals("", dissect.shown(layers));
		Prefs.set("rosetta.dissectunits.layers", "layer3,layer4");
		assertEquals("layer3,layer4", dissect.shown(layers));
		assertEquals("0.005", dissect.shown(quantile),
			"not remembered: the command's default");
		assertEquals("", new RememberedValues(ExtractActivationsCommand.class)
			.shown(field(ExtractActivationsCommand.class, "layers")),
			"each command remembers its own values");
	}

	@Test
	void macroOptionsIgnoreRememberedValues() {
		Prefs.set("rosetta.extractactivations.layers", "layer4");
		var inputs = new CommandBridge(ExtractActivationsCommand.class).fromMacro(
			"model=[" + TestZoo.folder("resnet-shapes") + "]");
		assertEquals("", inputs.get("layers"),
			"a key the macro leaves out has the default");
	}

	@Test
	void theZooOffersItsPackagesAndTheSampleZooByDefault() {
		assertEquals(TestZoo.V2_ZOO, ModelZoo.folder(),
			"nothing chosen: the sample zoo (v2) of the working folder");
		Prefs.set(ModelZoo.PREFERENCE, TestZoo.ZOO.toString());
		List<String> items = CommandDialog.modelItems(TestZoo.folder(
			"resnet-shapes").toString());
		assertEquals("", items.get(0));
		assertTrue(items.contains(TestZoo.folder("vit-shapes").toString()), items
			.toString());
		assertEquals(items.indexOf(TestZoo.folder("resnet-shapes").toString()),
			items.lastIndexOf(TestZoo.folder("resnet-shapes").toString()),
			"a zoo package is listed once");
		assertEquals(CommandDialog.BROWSE, items.get(items.size() - 1));
		assertFalse(items.contains(TestZoo.ROOT.resolve("concepts").toString()),
			"only model packages");
		assertTrue(CommandDialog.modelItems("/elsewhere/model").contains(
			"/elsewhere/model"), "a package elsewhere stays");
	}

	@Test
	void aPackagesLayersAreOffered() {
		assertEquals(List.of("layer1", "layer2", "layer3", "layer4"), ModelLayers
			.names(TestZoo.folder("resnet-shapes").toFile()));
	}

	@Test
	void anUnknownLayerStopsTheCommandBeforeAnythingRuns() {
		Path output = temp.resolve("out");
		Macro.setOptions("model=[" + TestZoo.folder("resnet-shapes") +
			"] folder=[" + TestZoo.IMAGES + "] layers=layer2,layer9 output=[" +
			output + "]");
		String message = assertThrows(IllegalArgumentException.class,
			() -> new CommandBridge(ExtractActivationsCommand.class).run(""))
			.getMessage();
		assertTrue(message.startsWith("Extract Activations: ") && message.contains(
			"has no layer 'layer9'") && message.contains(
				"Available layers: layer1, layer2, layer3, layer4"), message);
		assertFalse(Files.exists(output));
	}

	@Test
	void theHelpButtonOpensTheCommandsSection() {
		assertEquals(CommandDialog.GUIDE + "#invert-image-into-generator",
			CommandDialog.help("Invert Image into Generator"));
	}
}
