package io.github.rosettaneurons.data;

import java.util.List;

/**
 * The decoded ground truth of one image on its segmentation grid: pixel layers
 * (label numbers, 0 = unlabelled) and image-level labels. A category may have
 * several layers (Broden parts); an image-level label stands for every pixel of
 * the grid, as the reference counts it.
 */
public record ConceptMasks(int width,int height,List<Layer>layers,List<ImageLabel>imageLabels){

/** One label layer, row-major {@code width × height} label numbers. */
public record Layer(String category,int[]labels){}

/** A label that applies to the whole image. */
public record ImageLabel(String category,int label){}

public int pixels(){return width*height;}}
