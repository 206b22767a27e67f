package io.github.rosettaneurons.dissect;

import java.util.List;

import io.github.rosettaneurons.data.ConceptLabel;

/**
 * One unit's dissection: its best category's best label (primary-category
 * scoring) and each category's best.
 *
 * @param unit zero-based unit (channel) index
 * @param threshold the activation threshold (top-quantile value over the
 *          dataset)
 * @param best the best category's score; its IoU is the unit's score
 * @param categories one score per category, in category order
 * @param topImages indices of the images with the highest spatial maximum,
 *          highest first
 */
public record UnitResult(int unit,float threshold,CategoryScore best,List<CategoryScore>categories,int[]topImages){

public double score(){return best.iou();}

public ConceptLabel label(){return best.label();}

public String category(){return best.category();}}
