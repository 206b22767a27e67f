
package io.github.rosettaneurons.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The batch's record: every line to standard output and batch.log (appended),
 * each item into the summary CSV.
 */
final class BatchLog implements AutoCloseable {

	static final String SUMMARY_HEADER = "step,item,status,seconds,message";

	private final Path folder;
	private final String summaryName;
	private final PrintWriter log;
	private final List<String> summary = new ArrayList<>();
	private int done, skipped, failed;

	BatchLog(Path folder, String summaryName) throws IOException {
		this.folder = folder;
		this.summaryName = summaryName;
		this.log = new PrintWriter(Files.newBufferedWriter(folder.resolve(
			"batch.log"), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
			StandardOpenOption.APPEND), true);
	}

	void line(String message) {
		String stamped = LocalDateTime.now().format(
			DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19) + " " + message;
		System.out.println(stamped);
		log.println(stamped);
	}

	void item(BatchItem item, String status, double seconds, String message) {
		switch (status) {
			case "done":
				done++;
				break;
			case "skipped":
				skipped++;
				break;
			default:
				failed++;
		}
		line(item.step() + " " + item.name() + ": " + status + (message.isEmpty()
			? "" : " (" + message + ")"));
		summary.add(String.join(",", item.step(), quoted(item.name()), status,
			String.format(Locale.ROOT, "%.2f", seconds), quoted(message)));
	}

	/**
	 * Writes summary.csv and says how the batch went; the exit code: 0 when
	 * nothing failed, else 1.
	 */
	int finish() throws IOException {
		Files.write(folder.resolve(summaryName), join(), StandardCharsets.UTF_8);
		line(done + " done, " + skipped + " skipped (finished earlier), " + failed +
			" failed; summary in " + folder.resolve(summaryName));
		return failed == 0 ? 0 : 1;
	}

	private List<String> join() {
		List<String> lines = new ArrayList<>(List.of(SUMMARY_HEADER));
		lines.addAll(summary);
		return lines;
	}

	static String quoted(String text) {
		return "\"" + text.replace("\"", "\"\"").replace('\n', ' ') + "\"";
	}

	@Override
	public void close() {
		log.close();
	}
}
