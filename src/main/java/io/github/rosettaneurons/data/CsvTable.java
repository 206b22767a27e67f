
package io.github.rosettaneurons.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams the rows of a CSV file with a header (RFC 4180 quoting, no multi-line
 * fields), handing each row to a reader with its line number and collecting
 * problems as "file:line: message" instead of stopping at the first.
 */
public final class CsvTable {

	@FunctionalInterface
	public interface RowReader {

		/**
		 * Reads one row; throws IllegalArgumentException with a message that
		 * becomes a problem of this line.
		 */
		void read(Row row);
	}

	/** One data row, its cells addressed by header name. */
	public static final class Row {

		private final List<String> header;
		private final List<String> cells;
		final int line;

		Row(List<String> header, List<String> cells, int line) {
			this.header = header;
			this.cells = cells;
			this.line = line;
		}

		public String text(String column) {
			return cells.get(header.indexOf(column)).trim();
		}

		public int integer(String column) {
			String value = text(column);
			try {
				return Integer.parseInt(value);
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException(column + " '" + value +
					"' is not an integer");
			}
		}

		public double number(String column) {
			String value = text(column);
			try {
				return Double.parseDouble(value);
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException(column + " '" + value +
					"' is not a number");
			}
		}
	}

	private CsvTable() {}

	/**
	 * The header of {@code file}, checked to hold {@code required}; then every
	 * row through {@code reader}.
	 */
	public static List<String> read(Path file, List<String> required,
		List<String> problems, RowReader reader)
	{
		if (!Files.isRegularFile(file)) {
			problems.add(file + ": missing");
			return List.of();
		}
		try (BufferedReader lines = Files.newBufferedReader(file,
			StandardCharsets.UTF_8))
		{
			String first = lines.readLine();
			if (first == null) {
				problems.add(file + ":1: empty file, expected a header " + String.join(
					",", required));
				return List.of();
			}
			List<String> header = columns(first);
			List<String> absent = required.stream().filter(column -> !header.contains(
				column)).toList();
			if (!absent.isEmpty()) {
				problems.add(file + ":1: header lacks column" + (absent.size() == 1
					? " " : "s ") + String.join(", ", absent));
				return header;
			}
			int number = 1;
			for (String line = lines.readLine(); line != null; line = lines
				.readLine())
			{
				number++;
				if (line.isBlank()) continue;
				List<String> cells = split(line);
				if (cells.size() != header.size()) {
					problems.add(file + ":" + number + ": " + cells.size() +
						" cells, the header has " + header.size());
					continue;
				}
				try {
					reader.read(new Row(header, cells, number));
				}
				catch (IllegalArgumentException e) {
					problems.add(file + ":" + number + ": " + e.getMessage());
				}
			}
			return header;
		}
		catch (IOException e) {
			problems.add(file + ": cannot be read (" + e.getMessage() + ")");
			return List.of();
		}
	}

	/**
	 * The header of {@code file}, or an empty list when it is missing or empty
	 * (reported by {@link #read}).
	 */
	static List<String> header(Path file) {
		try (BufferedReader lines = Files.newBufferedReader(file,
			StandardCharsets.UTF_8))
		{
			String first = lines.readLine();
			return first == null ? List.of() : columns(first);
		}
		catch (IOException e) {
			return List.of();
		}
	}

	private static List<String> columns(String headerLine) {
		return split(headerLine.replace("\uFEFF", "")).stream().map(String::trim)
			.toList();
	}

	static List<String> split(String line) {
		List<String> cells = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					cell.append('"');
					i++;
				}
				else if (c == '"') quoted = false;
				else cell.append(c);
			}
			else if (c == '"') quoted = true;
			else if (c == ',') {
				cells.add(cell.toString());
				cell.setLength(0);
			}
			else cell.append(c);
		}
		cells.add(cell.toString());
		return cells;
	}
}
