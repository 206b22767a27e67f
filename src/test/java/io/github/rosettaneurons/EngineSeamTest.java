
package io.github.rosettaneurons;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Only the engine package knows which DJL engine runs the models: everything
 * else goes through its backend seam.
 */
class EngineSeamTest {

	private static final Path ENGINE = Paths.get("io", "github", "rosettaneurons",
		"engine");
	/** An import or a fully qualified name of DJL's PyTorch engine classes. */
	private static final Pattern PYTORCH = Pattern.compile(
		"\\bai\\.djl\\.pytorch\\.");

	@Test
	void noSourceOutsideTheEngineUsesDjlsPyTorchClasses() throws IOException {
		List<String> found = new ArrayList<>();
		for (String root : List.of("src/main/java", "src/test/java")) {
			try (Stream<Path> sources = Files.walk(Paths.get(root))) {
				for (Path source : sources.filter(p -> p.toString().endsWith(".java"))
					.toList())
				{
					if (Paths.get(root).relativize(source).startsWith(ENGINE)) continue;
					List<String> lines = Files.readAllLines(source);
					for (int i = 0; i < lines.size(); i++)
						if (PYTORCH.matcher(lines.get(i)).find()) found.add(source + ":" +
							(i + 1) + ": " + lines.get(i).trim());
				}
			}
		}
		assertEquals(List.of(), found,
			"use the engine's Network, ModelBackend and DjlEnvironment instead");
	}
}
