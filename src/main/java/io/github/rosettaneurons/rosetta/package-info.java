/**
 * Rosetta Neurons (Dravid et al., ICCV 2023): per-unit statistics, correlation of upsampled activation maps as GEMMs in
 * one pass over the images, mutual best buddies, the dictionary, shards that merge exactly, and the example images.
 * Pure Java and DJL over {@code engine} and {@code data}; runs headless (no windows).
 */
package io.github.rosettaneurons.rosetta;
