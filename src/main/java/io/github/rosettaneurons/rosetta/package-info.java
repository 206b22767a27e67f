/**
 * Rosetta Neurons (Dravid et al., ICCV 2023): per-unit statistics, correlation
 * of upsampled activation maps as GEMMs in one pass over the images, mutual
 * best buddies, the dictionary, shards that merge exactly, the example images,
 * and a run's files and pictures
 * ({@link io.github.rosettaneurons.rosetta.RosettaRun}). Pure Java and DJL over
 * {@code engine} and {@code data}; runs headless (no windows).
 */

package io.github.rosettaneurons.rosetta;
