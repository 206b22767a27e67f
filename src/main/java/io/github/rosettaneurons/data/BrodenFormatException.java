
package io.github.rosettaneurons.data;

import java.util.List;

/**
 * A Broden-format concept set that cannot be read; the message names every bad
 * file and line (up to a limit).
 */
public final class BrodenFormatException extends IllegalArgumentException {

	private static final int LISTED = 10;

	private final List<String> problems;

	public BrodenFormatException(List<String> problems) {
		super(message(problems));
		this.problems = List.copyOf(problems);
	}

	public BrodenFormatException(String problem) {
		this(List.of(problem));
	}

	/** Each problem as "file:line: what is wrong". */
	public List<String> problems() {
		return problems;
	}

	private static String message(List<String> problems) {
		StringBuilder text = new StringBuilder(problems.size() == 1
			? "Bad concept set: " : "Bad concept set (" + problems.size() +
				" problems):");
		for (int i = 0; i < Math.min(LISTED, problems.size()); i++)
			text.append(problems.size() == 1 ? "" : "\n  ").append(problems.get(i));
		if (problems.size() > LISTED) text.append("\n  ... and ").append(problems
			.size() - LISTED).append(" more");
		return text.toString();
	}
}
