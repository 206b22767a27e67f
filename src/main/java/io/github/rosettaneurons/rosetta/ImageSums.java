package io.github.rosettaneurons.rosetta;

/**
 * One batch of one layer summed over each image's pixels:
 * {@code sums[i * units + c]} for image i and unit c, at the layer's native
 * resolution of {@code pixels} per image.
 */
record ImageSums(int images,int units,long pixels,double[]sums){

/** Each unit's mean over the batch's images and pixels. */
double[]batchMeans(){double[]means=new double[units];for(int i=0;i<images;i++)for(int c=0;c<units;c++)means[c]+=sums[i*units+c];for(int c=0;c<units;c++)means[c]/=(double)images*pixels;return means;}}
