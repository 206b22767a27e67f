package io.github.rosettaneurons;

import io.github.rosettaneurons.data.Numbers;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Everything written or parsed uses Locale.ROOT: through Numbers, or with Locale.ROOT named at the call. */
class LocaleRootTest {

	/** Calls that take the JVM's default locale when none is given. */
	private static final Pattern DEFAULT_LOCALE = Pattern.compile("String\\.format\\((?!Locale\\.ROOT)|" +
		"(?<!Numbers)\\.printf\\((?!Locale\\.ROOT)|\\.formatted\\(|\\.to(Lower|Upper)Case\\(\\)|new DecimalFormat\\(|" +
		"NumberFormat\\.get");

	@Test
	void noSourceFormatsOrCasesWithTheDefaultLocale() throws IOException {
		List<String> found = new ArrayList<>();
		try (Stream<Path> sources = Files.walk(Paths.get("src/main/java"))) {
			for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
				if (source.endsWith(Paths.get("data", "Numbers.java"))) continue;
				List<String> lines = Files.readAllLines(source);
				for (int i = 0; i < lines.size(); i++)
					if (DEFAULT_LOCALE.matcher(lines.get(i)).find()) found.add(source + ":" + (i + 1) + ": " +
						lines.get(i).trim());
			}
		}
		assertEquals(List.of(), found, "use Numbers.format / Numbers.printf, or name Locale.ROOT");
	}

	@Test
	void numbersAreWrittenWithAPointInAGermanJvm() {
		Locale previous = Locale.getDefault();
		Locale.setDefault(Locale.GERMANY);
		try {
			assertEquals("0.863844 1234567.50 1.0e-05", Numbers.format("%.6f %.2f %.1e", 0.863844, 1234567.5, 1e-5));
		}
		finally {
			Locale.setDefault(previous);
		}
	}
}
