package io.github.rosettaneurons.rosetta;

import java.util.List;

/**
 * The finished scores between every anchor unit (rows) and every unit of one
 * other model (columns), row-major, units in layer order.
 */
public record ScoreTable(String anchor,String other,List<UnitRef>rows,List<UnitRef>columns,double[]scores){

public ScoreTable{if(scores.length!=(long)rows.size()*columns.size())throw new IllegalArgumentException("Score table size does not match its units");}

public double score(int row,int column){return scores[row*columns.size()+column];}}
