package io.github.rosettaneurons.spectral;

/**
 * Spectral grouping of one image, detached from the engine.
 *
 * @param name the image's name
 * @param gridWidth width of the assignment grid (the finest layer's)
 * @param gridHeight its height
 * @param eigenvectors K maps of gridWidth × gridHeight, strongest first,
 *          row-major, one after the other
 * @param singularValues K values of the final SVD, decreasing
 * @param colours packed RGB per grid cell (principal components 2–4 of the
 *          spectral features)
 * @param width the image's width, for {@code labels}
 * @param height the image's height
 * @param labels segment 0..segments−1 of every image pixel, row-major
 * @param segments the number of segments (k of k-means)
 * @param loss the spectral loss at the end of the optimisation
 */
public record ImageGrouping(String name,int gridWidth,int gridHeight,float[]eigenvectors,float[]singularValues,int[]colours,int width,int height,int[]labels,int segments,double loss){public int channels(){return singularValues.length;}}
