package io.github.rosettaneurons.describe;

import java.util.List;

/**
 * The description of one unit.
 *
 * @param unit the unit index
 * @param labels the best candidates with their scores, best first (at most the
 *          requested number)
 * @param candidates every cleaned candidate that was scored
 * @param backend which backends produced the candidates, the concept images and
 *          the similarity, and the scoring
 * @param evidence top images, maps and crops the description rests on
 */
public record NeuronDescription(int unit,List<ConceptScores.Scored>labels,List<String>candidates,String backend,UnitEvidence evidence){
/** Label 1, or empty when no candidate was found. */
public String description(){return labels.isEmpty()?"":labels.get(0).concept();}

public double score(){return labels.isEmpty()?Double.NaN:labels.get(0).score();}}
