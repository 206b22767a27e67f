
package io.github.rosettaneurons;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.github.rosettaneurons.data.Numbers;

/**
 * Everything written or parsed uses Locale.ROOT: through Numbers, or with
 * Locale.ROOT named at the call.
 */
class LocaleRootTest {

	/**
	 * Calls that take the JVM's default locale when none is given; the formatter
	 * may break the line after the opening parenthesis, so the locale argument is
	 * looked for past any white space.
	 */
	private static final Pattern DEFAULT_LOCALE = Pattern.compile(
		"String\\.format\\(\\s*+(?!Locale\\.ROOT)|" +
			"(?<!Numbers)\\.printf\\(\\s*+(?!Locale\\.ROOT)|\\.formatted\\(|\\.to(Lower|Upper)Case\\(\\)|new DecimalFormat\\(|" +
			"NumberFormat\\.get");

	@Test
	void noSourceFormatsOrCasesWithTheDefaultLocale() throws IOException {
		List<String> found = new ArrayList<>();
		try (Stream<Path> sources = Files.walk(Paths.get("src/main/java"))) {
			for (Path source : sources.filter(p -> p.toString().endsWith(".java"))
				.toList())
			{
				if (source.endsWith(Paths.get("data", "Numbers.java"))) continue;
				String text = Files.readString(source);
				Matcher call = DEFAULT_LOCALE.matcher(text);
				while (call.find()) {
					int line = (int) text.substring(0, call.start()).chars().filter(
						c -> c == '\n').count();
					found.add(source + ":" + (line + 1) + ": " + text.lines().skip(line)
						.findFirst().orElse("").trim());
				}
			}
		}
		assertEquals(List.of(), found,
			"use Numbers.format / Numbers.printf, or name Locale.ROOT");
	}

	@Test
	void numbersAreWrittenWithAPointInAGermanJvm() {
		Locale previous = Locale.getDefault();
		Locale.setDefault(Locale.GERMANY);
		try {
			assertEquals("0.863844 1234567.50 1.0e-05", Numbers.format(
				"%.6f %.2f %.1e", 0.863844, 1234567.5, 1e-5));
		}
		finally {
			Locale.setDefault(previous);
		}
	}
}
