
package io.github.rosettaneurons.fiji;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandService;
import org.scijava.log.LogService;

import io.github.rosettaneurons.engine.DjlEnvironment;

/**
 * The SciJava context commands run in: Fiji's own when this runs inside Fiji
 * (imagej-legacy hands it out through ImageJ 1.x), otherwise a small private
 * one created once.
 */
public final class PluginContext {

	private static Context privateContext;

	private PluginContext() {}

	public static synchronized Context get() {
		Context fiji = fijiContext();
		if (fiji != null) return fiji;
		// SciJava finds its plugin index through the context class loader, which in
		// plain ImageJ cannot see plugins/.
		if (privateContext == null) privateContext = DjlEnvironment
			.withPluginClassLoader(() -> new Context(CommandService.class,
				StatusService.class, LogService.class));
		return privateContext;
	}

	private static Context fijiContext() {
		try {
			Class.forName("net.imagej.legacy.LegacyService");
		}
		catch (ClassNotFoundException e) {
			return null; // plain ImageJ 1.x: asking IJ for a Context would create a
										// full new one
		}
		Object context = ij.IJ.runPlugIn("org.scijava.Context", "");
		return context instanceof Context ? (Context) context : null;
	}
}
