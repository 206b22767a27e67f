
package io.github.rosettaneurons.cli;

import java.util.Locale;

/**
 * One row of the demo's validity.csv: a method's figure on trained models,
 * the same figure on a random-init control, the target and whether it is met.
 * Figures are kept to four decimals, as written, so that the file's pass column
 * can be checked from the file alone. NaN stands for a figure that could not
 * be measured ("n/a"); such a row never passes.
 *
 * @param note why a figure is missing, or what was measured on what
 */
record ValidityRow(String method,String metric,double trained,double control,Target target,String note){

static final String HEADER="method,metric,trained,random_control,target,pass,note";

/** A target and how the trained figure is compared with it. */
record Target(Kind kind,double value){

enum Kind {

		/** trained ≥ value */
		AT_LEAST,
		/** trained ≥ value × control, and trained > 0 */
		TIMES_CONTROL,
		/** trained ≥ control + value */
		ABOVE_CONTROL

	}

	static Target atLeast(double value) {
		return new Target(Kind.AT_LEAST, value);
	}

	static Target timesControl(double factor) {
		return new Target(Kind.TIMES_CONTROL, factor);
	}

	static Target aboveControl(double margin) {
		return new Target(Kind.ABOVE_CONTROL, margin);
	}

	boolean met(double trained, double control) {
		if (Double.isNaN(trained)) return false;
		switch (kind) {
			case AT_LEAST:
				return trained >= value;
			case TIMES_CONTROL:
				return !Double.isNaN(control) && trained > 0 && trained >= value *
					control;
			default:
				return !Double.isNaN(control) && trained >= control + value;
		}
	}

	/**
	 * As written in validity.csv: "&gt;= 0.8", "&gt;= 3x control", "&gt;= control
	 * + 0.1".
	 */
	String text() {
		String number = plain(value);
		switch (kind) {
			case AT_LEAST:
				return ">= " + number;
			case TIMES_CONTROL:
				return ">= " + number + "x control";
			default:
				return ">= control + " + number;
		}
	}

	/** Reads {@link #text()} back. */
	static Target parse(String text) {
		String t = text.trim();
		if (t.startsWith(">= control + ")) return aboveControl(Double.parseDouble(t
			.substring(13)));
		if (t.endsWith("x control")) return timesControl(Double.parseDouble(t
			.substring(3, t.length() - 9).trim()));
		if (t.startsWith(">= ")) return atLeast(Double.parseDouble(t.substring(3)));
		throw new IllegalArgumentException("Not a validity target: '" + text + "'");
	}

	}

	ValidityRow{trained=fourDecimals(trained);control=fourDecimals(control);}

	/** A row whose figure could not be measured, with the reason. */
	static ValidityRow unmeasured(String method, String metric, Target target,
		String why)
	{
		return new ValidityRow(method, metric, Double.NaN, Double.NaN, target, why);
	}

	boolean pass() {
		return target.met(trained, control);
	}

	String csv() {
		return String.join(",", method, metric, figure(trained), figure(control),
			target.text(), "" + pass(), BatchLog.quoted(note));
	}

	/** "n/a" for NaN, counts as integers, else four decimals. */
	static String figure(double value) {
		if (Double.isNaN(value)) return "n/a";
		return value == Math.rint(value) ? plain(value) : String.format(Locale.ROOT,
			"%.4f", value);
	}

	/** "n/a", or the number as written in validity.csv. */
	static double parseFigure(String text) {
		return text.trim().equals("n/a") ? Double.NaN : Double.parseDouble(text);
	}

	private static double fourDecimals(double value) {
		return Double.isNaN(value) ? value : Math.round(value * 1e4) / 1e4;
	}

	private static String plain(double value) {
		return value == Math.rint(value) ? String.format(Locale.ROOT, "%d",
			(long) value) : String.format(Locale.ROOT, "%s", value);
	}
}
