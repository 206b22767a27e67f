
package io.github.rosettaneurons.rosetta;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import ai.djl.ndarray.NDManager;
import io.github.rosettaneurons.engine.DjlEnvironment;
import io.github.rosettaneurons.engine.ModelPackage;

/**
 * Saved partial sums of a mining run over an image range, so that a run can be
 * split into jobs (for example headless Fiji on a cluster) and merged to
 * exactly the same result. Statistics shards are merged first; score shards are
 * then computed with the merged statistics, and merged in turn. A shard records
 * the run's fingerprint (models, weights, layers, images, score definition) and
 * refuses to merge with a shard of another run.
 */
public final class MiningShard {

	private static final String MAGIC = "RosettaNeuronsShard/2";

	private MiningShard() {}

	/** A file's header: what it holds and which images it covers. */
	public record Header(String kind, String fingerprint, String statisticsDigest,
		List<int[]> ranges)
	{}

	public static void saveStatistics(Path file, String fingerprint,
		List<int[]> ranges, UnitStatistics stats)
	{
		write(file, new Header("statistics", fingerprint, "", ranges), out -> stats
			.write(out));
	}

	public static void saveScores(Path file, String fingerprint,
		String statisticsDigest, List<int[]> ranges, ScoreAccumulators scores)
	{
		write(file, new Header("scores", fingerprint, statisticsDigest, ranges),
			out -> scores.write(out));
	}

	public static UnitStatistics loadStatistics(Path file, String fingerprint) {
		try (DataInputStream in = open(file)) {
			check(file, readHeader(file, in), "statistics", fingerprint);
			return UnitStatistics.read(in);
		}
		catch (IOException e) {
			throw unreadable(file, e);
		}
	}

	public static ScoreAccumulators loadScores(Path file, String fingerprint,
		String statisticsDigest)
	{
		NDManager manager = DjlEnvironment.engine().newBaseManager();
		try (DataInputStream in = open(file)) {
			Header header = check(file, readHeader(file, in), "scores", fingerprint);
			if (!header.statisticsDigest().equals(statisticsDigest))
				throw new IllegalArgumentException(file +
					": was computed with other statistics than these. Recompute it with the merged statistics file.");
			return ScoreAccumulators.read(in, manager);
		}
		catch (IOException | RuntimeException e) {
			manager.close();
			throw e instanceof IOException ? unreadable(file, (IOException) e)
				: (RuntimeException) e;
		}
	}

	public static Header header(Path file) {
		try (DataInputStream in = open(file)) {
			return readHeader(file, in);
		}
		catch (IOException e) {
			throw unreadable(file, e);
		}
	}

	/**
	 * The union of shards' ranges, refusing overlaps (an image counted twice
	 * would bias every sum).
	 */
	public static List<int[]> union(List<Header> headers) {
		List<int[]> ranges = new ArrayList<>();
		for (Header header : headers)
			ranges.addAll(header.ranges());
		ranges.sort(Comparator.comparingInt(r -> r[0]));
		for (int i = 1; i < ranges.size(); i++)
			if (ranges.get(i)[0] < ranges.get(i - 1)[1])
				throw new IllegalArgumentException("Shards overlap: images " + ranges
					.get(i)[0] + ".." + (ranges.get(i - 1)[1] - 1) + " appear twice.");
		return ranges;
	}

	/**
	 * Merges shard files of one run (all statistics, or all scores) into
	 * {@code target}; their ranges must not overlap. Returns the merged ranges.
	 */
	public static List<int[]> merge(List<Path> shards, Path target) {
		if (shards.isEmpty()) throw new IllegalArgumentException(
			"No shards to merge.");
		List<Header> headers = new ArrayList<>();
		for (Path shard : shards)
			headers.add(header(shard));
		Header first = headers.get(0);
		for (int i = 1; i < headers.size(); i++) {
			Header other = headers.get(i);
			if (!other.kind().equals(first.kind()) || !other.fingerprint().equals(
				first.fingerprint()) || !other.statisticsDigest().equals(first
					.statisticsDigest())) throw new IllegalArgumentException(shards.get(
						i) + ": does not belong to the same run and stage as " + shards.get(
							0) + "; merge only shards of one run.");
		}
		List<int[]> ranges = union(headers);
		if (first.kind().equals("statistics")) {
			UnitStatistics merged = loadStatistics(shards.get(0), first
				.fingerprint());
			for (Path shard : shards.subList(1, shards.size()))
				merged.merge(loadStatistics(shard, first.fingerprint()));
			saveStatistics(target, first.fingerprint(), ranges, merged);
		}
		else {
			try (ScoreAccumulators merged = loadScores(shards.get(0), first
				.fingerprint(), first.statisticsDigest()))
			{
				for (Path shard : shards.subList(1, shards.size()))
					try (ScoreAccumulators next = loadScores(shard, first.fingerprint(),
						first.statisticsDigest()))
					{
						merged.merge(next);
					}
				saveScores(target, first.fingerprint(), first.statisticsDigest(),
					ranges, merged);
			}
		}
		return ranges;
	}

	/**
	 * A digest of a statistics file, which score shards record to prove they used
	 * the same statistics.
	 */
	public static String digest(Path statisticsFile) {
		return ModelPackage.sha256(statisticsFile);
	}

	private interface Body {

		void write(DataOutputStream out) throws IOException;
	}

	/**
	 * Writes to a temporary file first, so a crash never leaves a half-written
	 * shard under the real name.
	 */
	private static void write(Path file, Header header, Body body) {
		Path temporary = file.resolveSibling("." + file.getFileName() + ".part");
		try {
			if (file.toAbsolutePath().getParent() != null) Files.createDirectories(
				file.toAbsolutePath().getParent());
			try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
				Files.newOutputStream(temporary), 1 << 20)))
			{
				out.writeUTF(MAGIC);
				out.writeUTF(header.kind());
				out.writeUTF(header.fingerprint());
				out.writeUTF(header.statisticsDigest());
				out.writeInt(header.ranges().size());
				for (int[] range : header.ranges()) {
					out.writeInt(range[0]);
					out.writeInt(range[1]);
				}
				body.write(out);
			}
			Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
				StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException e) {
			temporary.toFile().delete();
			throw new IllegalArgumentException(file + ": cannot write (" + e
				.getMessage() + ").", e);
		}
	}

	private static DataInputStream open(Path file) throws IOException {
		return new DataInputStream(new BufferedInputStream(Files.newInputStream(
			file), 1 << 20));
	}

	private static Header readHeader(Path file, DataInputStream in)
		throws IOException
	{
		if (!MAGIC.equals(in.readUTF())) throw new IllegalArgumentException(file +
			": is not a Rosetta mining shard.");
		String kind = in.readUTF();
		String fingerprint = in.readUTF();
		String digest = in.readUTF();
		int count = in.readInt();
		List<int[]> ranges = new ArrayList<>();
		for (int i = 0; i < count; i++)
			ranges.add(new int[] { in.readInt(), in.readInt() });
		return new Header(kind, fingerprint, digest, ranges);
	}

	private static Header check(Path file, Header header, String kind,
		String fingerprint)
	{
		if (!header.kind().equals(kind)) throw new IllegalArgumentException(file +
			": holds " + header.kind() + ", not " + kind + ".");
		if (!header.fingerprint().equals(fingerprint))
			throw new IllegalArgumentException(file +
				": belongs to another mining run (models, layers, images or score options differ).\n  shard: " +
				header.fingerprint() + "\n  this run: " + fingerprint);
		return header;
	}

	private static IllegalArgumentException unreadable(Path file, IOException e) {
		return new IllegalArgumentException(file + ": cannot read the shard (" + e
			.getMessage() + "); it may be truncated. Recompute it.", e);
	}
}
