package io.github.rosettaneurons.rosetta;

import java.util.List;

/**
 * The score table of each other model against the anchor, the Rosetta
 * dictionary built from them (units with a buddy in every model) and, when
 * there are several other models, each pair's own buddies (anchor and that
 * model alone; one dictionary per table, in table order; empty with a single
 * other model, whose pair is the dictionary).
 */
public record MiningResult(List<ScoreTable>tables,RosettaDictionary dictionary,List<RosettaDictionary>pairs){}
