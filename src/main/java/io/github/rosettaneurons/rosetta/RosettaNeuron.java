package io.github.rosettaneurons.rosetta;

import java.util.Map;

/**
 * A concept shared by every model: an anchor unit and its best buddy in each
 * other model.
 *
 * @param rank 1 for the highest mean correlation
 * @param anchor the anchor unit
 * @param matches other model name → its matched unit's score and reference
 * @param meanCorrelation mean of the matches' scores
 */
public record RosettaNeuron(int rank,UnitRef anchor,Map<String,Match>matches,double meanCorrelation){

/** One model's unit in a Rosetta neuron. */
public record Match(UnitRef unit,double correlation){}}
