
package io.github.rosettaneurons.rosetta;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Plain-file outputs of a mining run that need no ImageJ: unit indexes of the
 * score tables.
 */
public final class MiningOutputs {

	private MiningOutputs() {}

	/**
	 * Which (model, layer, unit) each row or column of a score table is:
	 * index,model,layer,unit.
	 */
	public static void writeUnitIndex(Path file, List<UnitRef> units)
		throws IOException
	{
		StringBuilder text = new StringBuilder("index,model,layer,unit\n");
		for (int i = 0; i < units.size(); i++) {
			UnitRef unit = units.get(i);
			text.append(i).append(',').append(unit.model()).append(',').append(unit
				.layer()).append(',').append(unit.unit()).append('\n');
		}
		Files.writeString(file, text, StandardCharsets.UTF_8);
	}
}
