/**
 * Inversion through Rosetta units: latent optimisation of a generator so that
 * its matched units agree with another model's on a real image (inversion,
 * cross-class alignment) and generated-image edits (shift, zoom, copy-paste).
 * Reads a mined dictionary and its statistics;
 * {@link io.github.rosettaneurons.invert.InversionOutputs} draws and saves the
 * results. Runs headless (no windows).
 */

package io.github.rosettaneurons.invert;
