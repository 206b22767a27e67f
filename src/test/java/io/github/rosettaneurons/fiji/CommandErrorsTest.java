
package io.github.rosettaneurons.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.invert.MinedSampleZoo;
import io.github.rosettaneurons.rosetta.RosettaDictionary;

/**
 * Every command, run from a macro as users run it, with each kind of bad input
 * it can meet: one clear message that names the command and the cause, and no
 * output left behind.
 */
@ExtendWith(MacroThread.class)
class CommandErrorsTest {

	/**
	 * A command as a macro calls it: its valid options with placeholders {model} (the package the failure cases
	 * break, under option {@code modelKey}), {output}, {folder}, {concepts}, {dictionary}, {words}; the image is the
	 * current one.
	 */
	record Case(CommandBridge bridge, String modelKey, String options, boolean readsImage) {
		@Override
		public String toString() {
			return bridge.title();
		}
	}

	static List<Case> commands() {
		String generator = TestZoo.folder("world-generator").toString();
		return List.of(new Case(new CommandBridge(ExtractActivationsCommand.class),
			"model", "model=[{model}] layers=layer1 output=[{output}]", true),
			new Case(new CommandBridge(MineRosettaCommand.class), "anchor",
				"anchor=[{model}] models=[" + TestZoo.folder("vit-shapes") +
					"] folder=[{folder}] samples=0 batch=4 output=[{output}]", false),
			new Case(new CommandBridge(ShowRosettaCommand.class), "models",
				"dictionary=[{dictionary}] neuron=1 models=[{model}]", true), new Case(
					new UnitBrowserPlugIn(), "models", "models=[{model}] x=3 y=3", true),
			new Case(new CommandBridge(DissectUnitsCommand.class), "model",
				"model=[{model}] concepts=[{concepts}] layers=layer1 " +
					"output=[{output}]", false), new Case(new CommandBridge(
						InvertImageCommand.class), "model", "generator=[" + generator +
							"] model=[{model}] " + "dictionary=[{dictionary}] steps=2", true),
			new Case(new CommandBridge(EditImageCommand.class), "generator",
				"generator=[{model}] dictionary=[{dictionary}] steps=2", false),
			new Case(new CommandBridge(SpectralGroupingCommand.class), "model",
				"model=[{model}] layers=layer2,layer3 steps=5 " + "output=[{output}]",
				true), new Case(new CommandBridge(DescribeNeuronsCommand.class),
					"model", "model=[{model}] units=0 folder=[{folder}] " +
						"concepts=[{concepts}] words=[{words}] output=[{output}]", false));
	}

	@org.junit.jupiter.api.Test
	void everyMenuCommandIsChecked() throws Exception {
		assertEquals(ExtractActivationsPlugInTest.menuEntries().stream().map(
			CommandBridge::command).collect(Collectors.toSet()), commands().stream()
				.map(c -> c.bridge().command()).collect(Collectors.toSet()));
	}

	@TempDir
	Path temp;

	private String options(Case command, String model, Path folder,
		ImagePlus image) throws IOException
	{
		Path dictionary = temp.resolve("dictionary.csv");
		Files.writeString(dictionary, RosettaDictionary.CSV_HEADER +
			"\nR1,world-generator,gen1,0,0.5,1\n" +
			"R1,resnet-shapes,layer1,0,0.5,1\n");
		Files.copy(MinedSampleZoo.dictionary().resolveSibling("statistics.bin"),
			temp.resolve("statistics.bin"),
			java.nio.file.StandardCopyOption.REPLACE_EXISTING); // the inversion
																													// commands need the
																													// run's statistics
		Path words = Files.writeString(temp.resolve("words.txt"), "red\ncircle\n");
		WindowManager.setTempCurrentImage(image);
		return command.options().replace("{model}", model).replace("{output}",
			output().toString()).replace("{folder}", folder.toString()).replace(
				"{concepts}", TestZoo.ROOT.resolve("concepts").toString()).replace(
					"{dictionary}", dictionary.toString()).replace("{words}", words
						.toString());
	}

	private Path output() {
		return temp.resolve("output");
	}

	private String failure(Case command, String options) {
		Macro.setOptions(options);
		String message = assertThrows(IllegalArgumentException.class, () -> command
			.bridge().run("")).getMessage();
		assertTrue(message.startsWith(command.bridge().title() + ": "),
			"names the command: " + message);
		assertFalse(message.contains("Exception") || message.contains("\tat "),
			"no stack trace or class name: " + message);
		assertFalse(Files.exists(output()), "no output left: " + message);
		return message;
	}

	private static ImagePlus scene() {
		return IJ.openImage(TestZoo.FIRST_IMAGE.toString());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("commands")
	void aMissingModelIsNamed(Case command) throws IOException {
		Path missing = temp.resolve("no-such-model");
		String message = failure(command, options(command, missing.toString(),
			TestZoo.IMAGES, scene()));
		assertTrue(message.contains(missing + ": no such model package"), message);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("commands")
	void aBrokenManifestIsNamedWithItsFile(Case command) throws IOException {
		String original = command.modelKey().equals("generator") ? "world-generator"
			: "resnet-shapes";
		Path broken = TestZoo.copy(original, temp.resolve("broken"));
		Files.writeString(broken.resolve("rdf.yaml"), "name: [unclosed\n");
		String message = failure(command, options(command, broken.toString(),
			TestZoo.IMAGES, scene()));
		assertTrue(message.contains("rdf.yaml"), message);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("commands")
	void anEmptyFolderIsExplained(Case command) throws IOException {
		if (!command.options().contains("{folder}")) return;
		Path empty = Files.createDirectories(temp.resolve("empty"));
		String message = failure(command, options(command, TestZoo.folder(
			"resnet-shapes").toString(), empty, scene()));
		assertTrue(message.contains(empty + ": holds no images"), message);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("commands")
	void anImageOfTheWrongTypeIsExplained(Case command) throws IOException {
		if (!command.readsImage()) return;
		ImagePlus twoChannels = IJ.createImage("two channels", "8-bit ramp", 64, 64,
			2, 1, 1);
		String message = failure(command, options(command, TestZoo.folder(
			"resnet-shapes").toString(), TestZoo.IMAGES, twoChannels));
		assertTrue(message.contains(
			"has 2 channels but model 'resnet-shapes' expects 3"), message);
	}

	/**
	 * A script or any CommandService user (no ImageJ bridge) gets a failed module
	 * with the message, not a cancel.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("commands")
	void aFailureReachesCommandServiceCallersAsAnError(Case command)
		throws IOException
	{
		Path missing = temp.resolve("no-such-model");
		Map<String, Object> inputs = command.bridge().fromMacro(options(command,
			missing.toString(), TestZoo.IMAGES, scene()));
		CommandService commands = PluginContext.get().service(CommandService.class);
		ExecutionException failed = assertThrows(ExecutionException.class,
			() -> commands.run(command.bridge().command(), false, inputs).get(),
			"a failure, not a cancelled module");
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failed; cause != null; cause = cause.getCause())
			messages.append(cause.getMessage()).append('\n');
		assertTrue(messages.toString().contains(missing +
			": no such model package"), messages.toString());
		assertFalse(Files.exists(output()), "no output left");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("commands")
	void aCancelledRunLeavesNothing(Case command) throws Exception {
		String options = options(command, command.modelKey().equals("generator")
			? TestZoo.folder("world-generator").toString() : TestZoo.folder(
				"resnet-shapes").toString(), TestZoo.IMAGES, scene());
		Map<String, Object> inputs = command.bridge().fromMacro(options);
		@SuppressWarnings("unchecked")
		Class<? extends RosettaCommand> type =
			(Class<? extends RosettaCommand>) command.bridge().command();
		CommandModule cancelled = CancelledRun.of(type, inputs);
		assertTrue(cancelled.isCanceled());
		RuntimeException failure = ((RosettaCommand) cancelled.getCommand())
			.failure();
		assertTrue(failure == null, "a cancel is not a failure: " + failure);
		assertFalse(Files.exists(output()), "no output left by a cancelled run");
	}
}
