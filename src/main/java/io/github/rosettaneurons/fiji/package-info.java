/**
 * What Fiji shows: the SciJava commands (each command's inputs and outputs are
 * declared here), their ImageJ 1.x bridges for menus and recordable macros,
 * results tables, the Unit Browser's window and progress. Every file a command
 * writes comes from its method package (e.g.
 * {@link io.github.rosettaneurons.rosetta.RosettaRun}), which {@code cli}
 * shares; nothing outside this package imports it.
 */

package io.github.rosettaneurons.fiji;
