
package io.github.rosettaneurons.fiji;

import java.util.Map;

import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleException;

/**
 * Runs a command that the user cancelled before its first batch, as Fiji would
 * after a click on Cancel.
 */
final class CancelledRun {

	private CancelledRun() {}

	static CommandModule of(Class<? extends RosettaCommand> command,
		Map<String, Object> inputs) throws ModuleException
	{
		CommandService commands = PluginContext.get().service(CommandService.class);
		CommandModule module = (CommandModule) commands.getCommand(command)
			.createModule();
		PluginContext.get().inject(module.getDelegateObject());
		inputs.forEach(module::setInput);
		((RosettaCommand) module.getCommand()).cancel("user pressed cancel");
		module.run();
		return module;
	}
}
