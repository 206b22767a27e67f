
package io.github.rosettaneurons.rosetta;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.rosettaneurons.data.Numbers;

/**
 * The Rosetta set: anchor units with a best buddy in every other model, ranked
 * by mean correlation. As the reference, each neuron is a star around its
 * anchor unit; other models' units are not compared with each other.
 */
public final class RosettaDictionary {

	public static final String CSV_HEADER =
		"rosetta_id,model,layer,unit,correlation,rank";

	private final String anchor;
	private final List<RosettaNeuron> neurons;

	private RosettaDictionary(String anchor, List<RosettaNeuron> neurons) {
		this.anchor = anchor;
		this.neurons = List.copyOf(neurons);
	}

	/**
	 * Builds the dictionary from one table per other model (all with the same
	 * anchor rows).
	 *
	 * @param spatialShare per anchor row, the within-image share of variance (for
	 *          the "fires everywhere" filter)
	 */
	public static RosettaDictionary build(List<ScoreTable> tables,
		double[] spatialShare, MiningOptions options)
	{
		if (tables.isEmpty()) throw new IllegalArgumentException(
			"Mining needs at least one model besides the anchor");
		List<UnitRef> rows = tables.get(0).rows();
		List<int[]> partners = new ArrayList<>();
		for (ScoreTable table : tables)
			partners.add(BestBuddies.partners(table, options));
		List<RosettaNeuron> found = new ArrayList<>();
		for (int i = 0; i < rows.size(); i++) {
			if (spatialShare[i] < options.minSpatialShare()) continue;
			Map<String, RosettaNeuron.Match> matches = new LinkedHashMap<>();
			double sum = 0;
			for (int k = 0; k < tables.size(); k++) {
				int j = partners.get(k)[i];
				if (j < 0) break;
				double score = tables.get(k).score(i, j);
				matches.put(tables.get(k).other(), new RosettaNeuron.Match(tables.get(k)
					.columns().get(j), score));
				sum += score;
			}
			if (matches.size() == tables.size()) found.add(new RosettaNeuron(0, rows
				.get(i), matches, sum / tables.size()));
		}
		found.sort(Comparator.comparingDouble(RosettaNeuron::meanCorrelation)
			.reversed());
		List<RosettaNeuron> ranked = new ArrayList<>();
		for (int r = 0; r < found.size(); r++) {
			RosettaNeuron n = found.get(r);
			ranked.add(new RosettaNeuron(r + 1, n.anchor(), n.matches(), n
				.meanCorrelation()));
		}
		return new RosettaDictionary(tables.get(0).anchor(), ranked);
	}

	public String anchor() {
		return anchor;
	}

	public List<RosettaNeuron> neurons() {
		return neurons;
	}

	public int size() {
		return neurons.size();
	}

	/**
	 * One row per unit of each neuron: the anchor unit (with the mean
	 * correlation) first, then its matches.
	 */
	public List<String[]> rows() {
		List<String[]> rows = new ArrayList<>();
		for (RosettaNeuron n : neurons) {
			String id = "R" + n.rank();
			rows.add(row(id, n.anchor(), n.meanCorrelation(), n.rank()));
			for (RosettaNeuron.Match m : n.matches().values())
				rows.add(row(id, m.unit(), m.correlation(), n.rank()));
		}
		return rows;
	}

	private static String[] row(String id, UnitRef unit, double correlation,
		int rank)
	{
		return new String[] { id, unit.model(), unit.layer(), String.valueOf(unit
			.unit()), Numbers.format("%.6f", correlation), String.valueOf(rank) };
	}

	/** One row of a dictionary CSV: a unit of Rosetta neuron {@code id}. */
	public record Entry(String id, UnitRef unit, double correlation, int rank) {}

	/**
	 * Every row of a dictionary CSV written by {@link #writeCsv}, checked line by
	 * line.
	 */
	public static List<Entry> read(Path csv) throws IOException {
		List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		if (lines.isEmpty() || !lines.get(0).equals(CSV_HEADER))
			throw new IllegalArgumentException(csv +
				": is not a Rosetta dictionary (its first line should be '" +
				CSV_HEADER + "').");
		List<Entry> entries = new ArrayList<>();
		for (int line = 1; line < lines.size(); line++) {
			String[] cells = lines.get(line).split(",");
			if (cells.length != 6) throw new IllegalArgumentException(csv +
				", line " + (line + 1) + ": expected 6 columns.");
			try {
				entries.add(new Entry(cells[0], new UnitRef(cells[1], cells[2], Integer
					.parseInt(cells[3])), Double.parseDouble(cells[4]), Integer.parseInt(
						cells[5])));
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException(csv + ", line " + (line + 1) +
					": unit, correlation and rank must be numbers.");
			}
		}
		return entries;
	}

	/**
	 * The units of neuron {@code rank} in a dictionary CSV written by
	 * {@link #writeCsv}, anchor first.
	 */
	public static List<UnitRef> readNeuron(Path csv, int rank)
		throws IOException
	{
		List<UnitRef> units = readNeurons(csv).get(rank);
		if (units == null) throw new IllegalArgumentException(csv +
			": has no Rosetta neuron of rank " + rank + ".");
		return units;
	}

	/**
	 * Every neuron of a dictionary CSV written by {@link #writeCsv}: rank → its
	 * units, anchor first, ranks ascending.
	 */
	public static Map<Integer, List<UnitRef>> readNeurons(Path csv)
		throws IOException
	{
		Map<Integer, List<UnitRef>> neurons = new java.util.TreeMap<>();
		for (Entry entry : read(csv))
			neurons.computeIfAbsent(entry.rank(), k -> new ArrayList<>()).add(entry
				.unit());
		return neurons;
	}

	public void writeCsv(Path file) throws IOException {
		StringBuilder text = new StringBuilder(CSV_HEADER).append('\n');
		for (String[] row : rows())
			text.append(String.join(",", row)).append('\n');
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.writeString(file, text, StandardCharsets.UTF_8);
	}
}
