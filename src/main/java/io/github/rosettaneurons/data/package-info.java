/**
 * Images and concepts as the methods read them: image sources (folders, stacks, generator samples), preprocessing per
 * manifest, batched activation streaming, Broden-format concept sets, and locale-free number text ({@link
 * io.github.rosettaneurons.data.Numbers}). Depends only on {@code engine}.
 */
package io.github.rosettaneurons.data;
