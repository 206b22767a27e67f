
package io.github.rosettaneurons.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.rosettaneurons.data.ConceptLabel;
import io.github.rosettaneurons.data.CsvTable;
import io.github.rosettaneurons.dissect.CategoryScore;
import io.github.rosettaneurons.dissect.LayerResult;
import io.github.rosettaneurons.dissect.UnitResult;
import io.github.rosettaneurons.invert.RosettaPairs;
import io.github.rosettaneurons.rosetta.UnitRef;

/** The validity figures' maths on hand-made data, and the table's format. */
class ValidityTest {

	private static final ConceptLabel RED = label(1, "red-c", "color");
	private static final ConceptLabel HOUSE = label(7, "house", "object");
	private static final ConceptLabel TREE = label(8, "tree", "object");
	private static final ConceptLabel ROOF = label(11, "roof", "part");

	@Test
	void targetsCompareTheTrainedFigureWithTheControl() {
		ValidityRow.Target times = ValidityRow.Target.timesControl(3);
		assertTrue(times.met(9, 3));
		assertFalse(times.met(8.9, 3));
		assertTrue(times.met(1, 0), "any unit against none is a win");
		assertFalse(times.met(0, 0), "none against none is not");
		assertFalse(times.met(Double.NaN, 1));
		ValidityRow.Target above = ValidityRow.Target.aboveControl(0.1);
		assertTrue(above.met(0.85, 0.7));
		assertFalse(above.met(0.75, 0.7));
		assertFalse(above.met(0.9, Double.NaN));
		assertTrue(ValidityRow.Target.atLeast(0.8).met(0.8, Double.NaN));
		for (ValidityRow.Target target : List.of(times, above, ValidityRow.Target
			.atLeast(0.7), ValidityRow.Target.atLeast(4)))
			assertEquals(target, ValidityRow.Target.parse(target.text()));
	}

	@Test
	void figuresAreWrittenAsTheyAreCompared() {
		ValidityRow row = new ValidityRow("spectral", "mIoU", 0.799996, 0.5,
			ValidityRow.Target.atLeast(0.8), "a, quoted note");
		assertEquals(0.8, row.trained());
		assertTrue(row.pass());
		assertEquals("spectral,mIoU,0.8000,0.5000,>= 0.8,true,\"a, quoted note\"",
			row.csv());
		assertTrue(new ValidityRow("dissect", "units", 12, 3, ValidityRow.Target
			.timesControl(3), "").csv().startsWith(
				"dissect,units,12,3,>= 3x control,true"));
		ValidityRow missing = ValidityRow.unmeasured("describe", "named",
			ValidityRow.Target.atLeast(0.7), "no backend");
		assertFalse(missing.pass());
		assertTrue(missing.csv().startsWith(
			"describe,named,n/a,n/a,>= 0.7,false,"));
	}

	@Test
	void dissectionCountsObjectAndPartUnitsAndShapesWithAUnit() {
		LayerResult layer = new LayerResult("layer4", List.of("color", "object",
			"part"), List.of(unit(0, score("color", RED, 0.3), score("object", HOUSE,
				0.01), score("part", ROOF, 0.05)), unit(1, score("color", RED, 0.02),
					score("object", TREE, 0.06), score("part", ROOF, 0.01)), unit(2,
						score("color", RED, 0.5), score("object", HOUSE, 0.03), score(
							"part", ROOF, 0.02))), 0.04);
		assertEquals(2, DissectValidity.interpretable(layer),
			"colour alone does not count");
		assertEquals(1, DissectValidity.shapesWithUnit(layer, List.of("house",
			"tree", "arrow")));
		assertEquals((0.05 + 0.03) / 2, DissectValidity.meanBestIou(layer, List.of(
			0, 2)), 1e-12);
		assertTrue(Double.isNaN(DissectValidity.meanBestIou(layer, List.of())));
		assertEquals(List.of(1), DescribeValidity.shapeUnits(layer, 5).stream().map(
			UnitResult::unit).toList(), "units 0 and 2 are labelled with a colour");
	}

	@Test
	void aDescriptionNamesAWordOrItsPlural() {
		assertTrue(DescribeValidity.names("a red House on grass", "house"));
		assertTrue(DescribeValidity.names("two roofs", "roof"));
		assertFalse(DescribeValidity.names("a housewarming", "house"));
		assertFalse(DescribeValidity.names("", "tree"));
	}

	@Test
	void maskIouCountsPositiveLogitsAsObject() {
		float[] logits = { 2, 0.5f, -1, -3 };
		assertEquals(1 / 3.0, InversionValidity.maskIou(logits, new int[] { 7, 0, 7,
			0 }), 1e-12);
		assertEquals(1, InversionValidity.maskIou(new float[] { -1, -1 },
			new int[] { 0, 0 }));
	}

	@Test
	void theMaskLayerIsKeptOutOfTheInversionTargets() {
		RosettaPairs pairs = RosettaPairs.ofGeneratorUnits(List.of(new UnitRef(
			"gen", "gen4", 3), new UnitRef("gen", "mask", 0)));
		assertEquals(List.of(new UnitRef("gen", "gen4", 3)), pairs
			.withoutGeneratorLayer("mask").generatorUnits());
		assertThrows(IllegalArgumentException.class, () -> RosettaPairs
			.ofGeneratorUnits(List.of(new UnitRef("gen", "mask", 0)))
			.withoutGeneratorLayer("mask"));
	}

	/**
	 * Checks a demo's validity.csv: every row of {@code methods} present, the
	 * figures numbers in Locale.ROOT (or n/a) and the pass column what the target
	 * says of them.
	 */
	static void checkValidityCsv(Path csv, Set<String> methods) {
		List<String> problems = new ArrayList<>();
		List<String> seen = new ArrayList<>();
		CsvTable.read(csv, List.of("method", "metric", "trained", "random_control",
			"target", "pass", "note"), problems, row -> {
				double trained = ValidityRow.parseFigure(row.text("trained"));
				double control = ValidityRow.parseFigure(row.text("random_control"));
				boolean pass = Boolean.parseBoolean(row.text("pass"));
				assertEquals(ValidityRow.Target.parse(row.text("target")).met(trained,
					control), pass, row.text("metric"));
				if (row.text("trained").equals("n/a")) assertFalse(row.text("note")
					.isBlank(), row.text("metric") + " says why it is not measured");
				seen.add(row.text("method"));
			});
		assertEquals(List.of(), problems);
		assertEquals(methods, Set.copyOf(seen));
	}

	private static ConceptLabel label(int number, String name, String category) {
		return new ConceptLabel(number, name, category, 1, 1);
	}

	private static CategoryScore score(String category, ConceptLabel label,
		double iou)
	{
		return new CategoryScore(category, label, 100, 100, 10, iou);
	}

	private static UnitResult unit(int index, CategoryScore... scores) {
		CategoryScore best = scores[0];
		for (CategoryScore score : scores)
			if (score.iou() > best.iou()) best = score;
		return new UnitResult(index, 1, best, List.of(scores), new int[0]);
	}
}
