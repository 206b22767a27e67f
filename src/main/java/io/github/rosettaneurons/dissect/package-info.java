/**
 * Network Dissection (Bau et al., CVPR 2017): exact per-unit top-quantile
 * thresholds over a disk activation cache, Pillow-matching resampling, IoU
 * tallies against a Broden-format concept set as GEMMs, tally.csv,
 * thresholds.csv and the HTML report. Runs headless (no windows).
 */

package io.github.rosettaneurons.dissect;
