
package io.github.rosettaneurons.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps batch runs that would collide out of one output folder: while it works
 * a run holds a lock file there, {@code .batch.lock}, or
 * {@code .batch-part-K-of-N.lock} for a cluster job, which shares the folder
 * with the other parts of the same N (their items never overlap) but with
 * nothing else. A lock file names its process ("pid host start"); one whose
 * process is gone from this host is stale and taken over.
 */
final class BatchLock implements AutoCloseable {

	private static final Pattern PART = Pattern.compile(
		"\\.batch-part-(\\d+)-of-(\\d+)\\.lock");
	private static final String WHOLE = ".batch.lock";

	private final Path file;

	private BatchLock(Path file) {
		this.file = file;
	}

	/**
	 * Takes this run's lock in {@code out} (an existing folder), or refuses,
	 * naming the run that holds it.
	 */
	static BatchLock acquire(Path out, int part, int parts) throws IOException {
		Path own = out.resolve(parts == 1 ? WHOLE : ".batch-part-" + part + "-of-" +
			parts + ".lock");
		ProcessHandle self = ProcessHandle.current();
		String holder = self.pid() + " " + host() + " " + self.info().startInstant()
			.map(Instant::toString).orElse("-");
		while (true) {
			try {
				Files.writeString(own, holder, StandardCharsets.UTF_8,
					StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
				break;
			}
			catch (FileAlreadyExistsException e) {
				takeOverIfStale(own);
			}
		}
		try (Stream<Path> files = Files.list(out)) {
			for (Path other : files.filter(BatchLock::isLock).filter(other -> !other
				.equals(own)).toList())
			{
				if (!collides(other.getFileName().toString(), parts)) continue;
				try {
					takeOverIfStale(other);
				}
				catch (IllegalStateException e) {
					Files.deleteIfExists(own);
					throw e;
				}
			}
		}
		return new BatchLock(own);
	}

	private static boolean isLock(Path file) {
		String name = file.getFileName().toString();
		return name.equals(WHOLE) || PART.matcher(name).matches();
	}

	/**
	 * A whole run collides with every other run; a part of N only with whole runs
	 * and parts of another N.
	 */
	private static boolean collides(String otherName, int parts) {
		Matcher other = PART.matcher(otherName);
		return parts == 1 || !other.matches() || Integer.parseInt(other.group(
			2)) != parts;
	}

	/** Deletes a lock whose process is gone; refuses when it may still run. */
	private static void takeOverIfStale(Path lock) throws IOException {
		String holder;
		try {
			holder = Files.readString(lock, StandardCharsets.UTF_8).trim();
		}
		catch (NoSuchFileException e) {
			return; // released meanwhile
		}
		if (alive(holder)) {
			String[] fields = holder.split(" ");
			throw new IllegalStateException(lock.getParent() +
				": another batch run is writing here (process " + fields[0] +
				(fields.length > 1 ? " on " + fields[1] : "") + (fields.length > 2
					? " since " + fields[2] : "") +
				"). Wait for it to finish, or give this run another --out; if that run was killed on another " +
				"machine, delete " + lock + ".");
		}
		Files.deleteIfExists(lock);
	}

	/**
	 * Whether the process a lock names may still run: unknowable for another
	 * host, so assumed.
	 */
	private static boolean alive(String holder) {
		String[] fields = holder.split(" ");
		if (fields.length < 3 || !fields[1].equals(host())) return true;
		Optional<ProcessHandle> process;
		try {
			process = ProcessHandle.of(Long.parseLong(fields[0]));
		}
		catch (NumberFormatException e) {
			return true;
		}
		return process.isPresent() && process.get().isAlive() && (fields[2].equals(
			"-") || process.get().info().startInstant().map(start -> start.toString()
				.equals(fields[2])).orElse(true));
	}

	private static String host() {
		try {
			return InetAddress.getLocalHost().getHostName().replace(' ', '_');
		}
		catch (IOException e) {
			return "localhost";
		}
	}

	@Override
	public void close() throws IOException {
		Files.deleteIfExists(file);
	}
}
