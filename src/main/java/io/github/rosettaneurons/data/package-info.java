/**
 * Images and concepts as the methods read them: image sources (folders, stacks,
 * generator samples), preprocessing per manifest, batched activation streaming,
 * Broden-format concept sets, and locale-free number text
 * ({@link io.github.rosettaneurons.data.Numbers}); and the images every method
 * writes: ImgLib2 maps as ImageJ hyperstacks
 * ({@link io.github.rosettaneurons.data.ImagePlusBridge}), heatmap overlays,
 * text bands that label pictures
 * ({@link io.github.rosettaneurons.data.PictureLabels}) and all-or-nothing
 * TIFFs (headless ImageJ 1.x, no windows). Depends only on {@code engine}.
 */

package io.github.rosettaneurons.data;
