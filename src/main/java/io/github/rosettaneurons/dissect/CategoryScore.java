package io.github.rosettaneurons.dissect;

import io.github.rosettaneurons.data.ConceptLabel;

/**
 * A unit's best label within one category and the counts behind its IoU (a
 * {@code <category>-*} group of tally.csv columns).
 *
 * @param category the category
 * @param label the best label, or null when no label of the category occurs in
 *          the concept set
 * @param truth pixels of the label over the dataset (G)
 * @param activation the unit's active pixels in the images that count for the
 *          category (A)
 * @param intersection active pixels on the label (I)
 * @param iou I / (A + G − I)
 */
public record CategoryScore(String category,ConceptLabel label,long truth,long activation,long intersection,double iou){}
