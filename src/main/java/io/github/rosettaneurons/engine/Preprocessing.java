package io.github.rosettaneurons.engine;

/**
 * How pixels become the network's input, after the plugin has scaled integer
 * images to [0, 1] by their type's range (8-bit and RGB by 255, 16-bit by
 * 65535; 32-bit is taken as it is).
 *
 * @param mean per-channel mean subtracted (BioImage.IO
 *          {@code fixed_zero_mean_unit_variance}); zeros when absent
 * @param std per-channel divisor; ones when absent
 * @param perSampleStandardise BioImage.IO {@code zero_mean_unit_variance}: each
 *          image to zero mean, unit variance
 */
public record Preprocessing(float[]mean,float[]std,boolean perSampleStandardise){}
