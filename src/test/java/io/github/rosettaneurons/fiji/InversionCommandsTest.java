
package io.github.rosettaneurons.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.scijava.command.CommandModule;

import ij.IJ;
import ij.ImagePlus;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.invert.MinedSampleZoo;

/**
 * Invert Image into Generator and Edit Generated Image through CommandService,
 * as Fiji runs them.
 */
class InversionCommandsTest {

	private static Map<String, Object> invertInputs(ImagePlus image) {
		Map<String, Object> inputs = new HashMap<>();
		inputs.put("image", image);
		inputs.put("generator", TestZoo.folder("world-generator").toFile());
		inputs.put("model", TestZoo.folder("resnet-shapes").toFile());
		inputs.put("dictionary", MinedSampleZoo.dictionary().toFile());
		inputs.put("category", 0);
		inputs.put("steps", 4);
		inputs.put("rate", 0.05);
		inputs.put("pixel", 1); // a whole number for a decimal option, as a macro
														// may give it
		inputs.put("regulariser", 0.0);
		inputs.put("seed", 0);
		inputs.put("every", 2);
		return inputs;
	}

	@Test
	void inversionGivesResultTrajectoryLossPlotAndTable() {
		ImagePlus scene = IJ.openImage(TestZoo.FIRST_IMAGE.toString());
		InvertImageCommand command = (InvertImageCommand) new CommandBridge(
			InvertImageCommand.class).execute(PluginContext.get(), invertInputs(
				scene)).getCommand();
		assertEquals(ImagePlus.COLOR_RGB, command.result().getType());
		assertEquals(64, command.result().getWidth());
		assertEquals(3, command.trajectory().getStackSize(), "steps 0, 2 and 4");
		assertEquals("step 2", command.trajectory().getStack().getSliceLabel(2));
		assertEquals(5, command.losses().size(), "four steps and the result");
		assertTrue(command.losses().getValue("pixel_loss", 0) > 0,
			"the pixel loss is on");
		assertEquals(command.losses().getValue("loss", 4), command.losses()
			.getValue("activation_loss", 4) + command.losses().getValue("pixel_loss",
				4), 1e-5, "total = activation + 1 × pixel");
		assertTrue(command.loss().getWidth() > 100, "a plot image");
	}

	@Test
	void copyPasteEditShowsBothOriginals() {
		Map<String, Object> inputs = new HashMap<>();
		inputs.put("generator", TestZoo.folder("world-generator").toFile());
		inputs.put("dictionary", MinedSampleZoo.dictionary().toFile());
		inputs.put("edit", "copy_paste");
		inputs.put("amount", 0.25);
		inputs.put("sample", 0);
		inputs.put("second", 3);
		inputs.put("category", 1);
		inputs.put("steps", 3);
		inputs.put("rate", 0.0);
		inputs.put("regulariser", -1.0);
		inputs.put("seed", 0);
		inputs.put("every", 0);
		EditImageCommand command = (EditImageCommand) new CommandBridge(
			EditImageCommand.class).execute(PluginContext.get(), inputs).getCommand();
		assertEquals(2, command.original().getStackSize(),
			"the two images whose halves are combined");
		assertEquals(2, command.trajectory().getStackSize(), "start and result");
		assertEquals(4, command.losses().size());
		assertEquals(0, command.losses().getValue("learning_rate", 0), 1e-12,
			"the ramp-down schedule starts at 0");
		assertTrue(command.losses().getValue("learning_rate", 1) > 0);
	}

	@Test
	void cancelledInversionGivesNothing() throws Exception {
		CommandModule module = CancelledRun.of(InvertImageCommand.class,
			invertInputs(IJ.openImage(TestZoo.FIRST_IMAGE.toString())));
		InvertImageCommand command = (InvertImageCommand) module.getCommand();
		assertTrue(module.isCanceled());
		assertNull(command.result());
		assertNull(command.losses());
	}

	@Test
	void aGeneratorAsTheImageModelIsExplained() {
		Map<String, Object> inputs = invertInputs(IJ.openImage(TestZoo.FIRST_IMAGE
			.toString()));
		inputs.put("model", TestZoo.folder("world-generator").toFile());
		String message = assertThrows(RuntimeException.class,
			() -> new CommandBridge(InvertImageCommand.class).execute(PluginContext
				.get(), inputs)).getMessage();
		assertTrue(message.contains("is a generator and cannot read the image"),
			message);
	}
}
