package io.github.rosettaneurons.data;

import java.util.List;
import java.util.Map;

/**
 * One row of a Broden index.csv.
 *
 * @param line line number in index.csv (for messages)
 * @param image image path relative to the set's {@code images/} folder
 * @param split {@code train} or {@code val} (dissection uses both)
 * @param imageHeight image height ({@code ih})
 * @param imageWidth image width ({@code iw})
 * @param maskHeight segmentation height ({@code sh}); masks and image-level
 *          labels cover this grid
 * @param maskWidth segmentation width ({@code sw})
 * @param cells per selected category, the cell's {@code ;}-separated entries:
 *          mask paths, or label numbers for image-level categories; empty when
 *          the image has no labels of that category
 */
public record BrodenImage(int line,String image,String split,int imageHeight,int imageWidth,int maskHeight,int maskWidth,Map<String,List<String>>cells){public boolean hasAnyLabel(){return cells.values().stream().anyMatch(entries->!entries.isEmpty());}}
