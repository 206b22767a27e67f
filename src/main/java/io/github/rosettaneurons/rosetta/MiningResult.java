package io.github.rosettaneurons.rosetta;

import java.util.List;

/** The score table of each other model against the anchor, and the Rosetta dictionary built from them. */
public record MiningResult(List<ScoreTable> tables, RosettaDictionary dictionary) {}
