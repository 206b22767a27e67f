/**
 * What Fiji shows: the SciJava commands (each command's inputs are declared here), their ImageJ 1.x bridges for menus
 * and recordable macros, hyperstacks, heatmap overlays, results tables and progress. It also still holds output
 * writers that {@code cli} shares (e.g. {@link io.github.rosettaneurons.fiji.RosettaRun}).
 */
package io.github.rosettaneurons.fiji;
