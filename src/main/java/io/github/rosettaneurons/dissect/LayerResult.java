package io.github.rosettaneurons.dissect;

import java.util.Comparator;
import java.util.List;

/**
 * The dissection of one layer.
 *
 * @param layer the layer's name
 * @param categories the scored categories, in the concept set's order
 * @param units one result per unit, by unit index
 * @param iouThreshold the IoU from which a unit counts as interpretable
 *          (inclusive)
 */
public record LayerResult(String layer,List<String>categories,List<UnitResult>units,double iouThreshold){

/** Units ordered as tally.csv: score descending, ties by unit. */
public List<UnitResult>byScore(){return units.stream().sorted(Comparator.comparingDouble(UnitResult::score).reversed().thenComparingInt(UnitResult::unit)).toList();}

public boolean interpretable(UnitResult unit){return unit.label()!=null&&unit.score()>=iouThreshold;}

public List<UnitResult>interpretableUnits(){return byScore().stream().filter(this::interpretable).toList();}

/**
 * Distinct labels of the interpretable units (NetDissect-Lite's "concepts").
 */
public long uniqueConcepts(){return interpretableUnits().stream().map(unit->unit.label().number()).distinct().count();}

/**
 * "X/Y units covering Z concepts with IoU ≥ t", the reference report's
 * headline.
 */
public String summary(){return layer+": "+interpretableUnits().size()+"/"+units.size()+" units covering "+uniqueConcepts()+" concepts with IoU \u2265 "+iouThreshold;}}
