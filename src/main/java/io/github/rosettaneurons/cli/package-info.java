/**
 * The headless entry point ({@link io.github.rosettaneurons.cli.RosettaCli}):
 * one job per method, the resumable batch over folders (items, options recorded
 * per item, lock, log) and the benchmarks that print figures and ratios.
 */

package io.github.rosettaneurons.cli;
