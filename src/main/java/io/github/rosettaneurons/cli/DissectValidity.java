
package io.github.rosettaneurons.cli;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import io.github.rosettaneurons.dissect.CategoryScore;
import io.github.rosettaneurons.dissect.LayerResult;
import io.github.rosettaneurons.dissect.UnitResult;

/**
 * Network Dissection's validity figures: interpretable units on object and part
 * concepts of a trained layer against the same layer of its random-init
 * control, and how many of the concept set's shapes (object labels) have a unit
 * of their own.
 */
final class DissectValidity {

	/** The categories the planted concepts live in: shapes and their parts. */
	static final Set<String> SHAPE_CATEGORIES = Set.of("object", "part");

	private DissectValidity() {}

	/** The unit's best IoU over the given categories (0 when none is scored). */
	static double bestIou(UnitResult unit, Collection<String> categories) {
		return unit.categories().stream().filter(score -> score.label() != null &&
			categories.contains(score.category())).mapToDouble(CategoryScore::iou)
			.max().orElse(0);
	}

	/**
	 * Units whose best object or part IoU reaches the layer's interpretability
	 * threshold.
	 */
	static long interpretable(LayerResult layer) {
		return layer.units().stream().filter(unit -> bestIou(unit,
			SHAPE_CATEGORIES) >= layer.iouThreshold()).count();
	}

	/**
	 * Shapes among {@code shapes} (object label names) that are some unit's best
	 * object label with an IoU at the interpretability threshold.
	 */
	static long shapesWithUnit(LayerResult layer, List<String> shapes) {
		return shapes.stream().filter(shape -> layer.units().stream().anyMatch(
			unit -> unit.categories().stream().anyMatch(score -> score.category()
				.equals("object") && score.label() != null && score.label()
					.displayName().equals(shape) && score.iou() >= layer.iouThreshold())))
			.count();
	}

	/** Mean best object/part IoU of the given units (NaN for none). */
	static double meanBestIou(LayerResult layer, Collection<Integer> units) {
		return units.stream().mapToDouble(unit -> bestIou(layer.units().get(unit),
			SHAPE_CATEGORIES)).average().orElse(Double.NaN);
	}

	static List<ValidityRow> rows(String trained, String control,
		LayerResult trainedLayer, LayerResult controlLayer, List<String> shapes)
	{
		String layers = trained + " vs " + control + " " + trainedLayer.layer() +
			", object/part IoU >= " + trainedLayer.iouThreshold();
		return List.of(new ValidityRow("dissect", "interpretable units",
			interpretable(trainedLayer), interpretable(controlLayer),
			ValidityRow.Target.timesControl(3), layers), new ValidityRow("dissect",
				"shapes with a unit", shapesWithUnit(trainedLayer, shapes),
				shapesWithUnit(controlLayer, shapes), ValidityRow.Target.atLeast(shapes
					.size()), "of " + String.join(" ", shapes)));
	}
}
