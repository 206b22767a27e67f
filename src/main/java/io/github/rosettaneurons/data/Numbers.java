
package io.github.rosettaneurons.data;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Numbers as text the same in every locale (Locale.ROOT: "0.5", never "0,5"),
 * since what is written here (CSV cells, HTML, image titles, logs, console
 * figures) is read back by this plugin, macros and other programs. Parsing
 * needs no helper: Double.parseDouble and Integer.parseInt ignore the locale.
 */
public final class Numbers {

	private Numbers() {}

	/** {@link String#format} in {@link Locale#ROOT}. */
	public static String format(String pattern, Object... values) {
		return String.format(Locale.ROOT, pattern, values);
	}

	/** {@link PrintStream#printf} in {@link Locale#ROOT}. */
	public static void printf(PrintStream out, String pattern, Object... values) {
		out.print(format(pattern, values));
	}
}
