package io.github.rosettaneurons.data;

/**
 * One concept of a Broden-format set (a row of label.csv).
 *
 * @param number global label number, as encoded in masks (R + 256 G) and
 *          image-level cells
 * @param name raw Broden name (scenes end in {@code -s}, colours in {@code -c})
 * @param primaryCategory the category whose c_&lt;category&gt;.csv coverage of
 *          the label is largest (ties to the later category, as the reference
 *          does); the only category in which the label is scored
 * @param frequency images that contain the label
 * @param coverage summed pixel fraction, in whole images
 */
public record ConceptLabel(int number,String name,String primaryCategory,int frequency,double coverage){

/**
 * The name for display: without the {@code -s}/{@code -c} suffix, underscores
 * as spaces (as the reference's report).
 */
public String displayName(){String plain=name.matches(".*-[a-z]$")?name.substring(0,name.length()-2):name;return plain.replace('_',' ');}}
