
package io.github.rosettaneurons.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * "--key value" and "--flag" command-line arguments, checked against the keys a
 * subcommand knows.
 */
final class Arguments {

	private final Map<String, String> values = new HashMap<>();

	Arguments(String[] args, int from, Set<String> keys, Set<String> flags) {
		for (int i = from; i < args.length; i++) {
			String arg = args[i];
			if (!arg.startsWith("--")) throw new UsageException(
				"Unexpected argument '" + arg + "'.");
			String key = arg.substring(2);
			if (flags.contains(key)) values.put(key, "true");
			else if (keys.contains(key)) {
				if (i + 1 >= args.length) throw new UsageException("--" + key +
					" needs a value.");
				values.put(key, args[++i]);
			}
			else throw new UsageException("Unknown option --" + key + ".");
		}
	}

	String get(String key, String fallback) {
		return values.getOrDefault(key, fallback);
	}

	String require(String key) {
		String value = values.get(key);
		if (value == null) throw new UsageException("--" + key + " is required.");
		return value;
	}

	boolean flag(String key) {
		return values.containsKey(key);
	}

	int integer(String key, int fallback) {
		return parsed(key, fallback, Integer::parseInt, "a whole number");
	}

	double number(String key, double fallback) {
		return parsed(key, fallback, Double::parseDouble, "a number");
	}

	private <T> T parsed(String key, T fallback,
		java.util.function.Function<String, T> parser, String what)
	{
		String value = values.get(key);
		try {
			return value == null ? fallback : parser.apply(value);
		}
		catch (NumberFormatException e) {
			throw new UsageException("--" + key + " must be " + what + ", not '" +
				value + "'.");
		}
	}

	/** Wrong use of the command line; exit code 2. */
	static final class UsageException extends RuntimeException {

		UsageException(String message) {
			super(message);
		}
	}
}
