/**
 * The Unit Browser's model side: the strongest units at a pixel in every model,
 * their Rosetta matches and their dissection labels. Headless; the display
 * lives in {@code fiji}.
 */

package io.github.rosettaneurons.browse;
