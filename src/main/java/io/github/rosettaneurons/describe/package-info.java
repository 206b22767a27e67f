/**
 * Describe-and-Dissect: a unit's top images and attention crops, candidate
 * concepts from captioner, vocabulary or concept-set backends, and the scoring
 * of candidates by the unit's own activations. Backends sit behind small
 * interfaces ({@link io.github.rosettaneurons.describe.Captioner},
 * {@link io.github.rosettaneurons.describe.ImageEmbedder},
 * {@link io.github.rosettaneurons.describe.TextEmbedder}). A run's table and
 * panels come from {@link io.github.rosettaneurons.describe.DescribeOutputs}.
 * Runs headless (no windows).
 */

package io.github.rosettaneurons.describe;
