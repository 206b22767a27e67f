package io.github.rosettaneurons.describe;

import java.util.List;

import io.github.rosettaneurons.data.SourceImage;

/**
 * What Steps 0–2 found for one unit.
 *
 * @param unit the unit (channel) index
 * @param probeIndices indices of its top-K images in the probing set, best
 *          first
 * @param originals those images
 * @param maps the unit's maps on them (null for layers without spatial maps)
 * @param crops the attention-crop boxes of each original, on the crop canvas
 * @param topImages the best images of the re-ranked pool (originals and crops)
 *          that captioning and image similarity use
 */
public record UnitEvidence(int unit,int[]probeIndices,List<SourceImage>originals,LayerReader.UnitMaps maps,List<List<Box>>crops,List<SourceImage>topImages){}
