/**
 * DJL/PyTorch engine: offline start-up and native platform choice ({@link io.github.rosettaneurons.engine.DjlEnvironment},
 * {@link io.github.rosettaneurons.engine.NativePlatform}), model packages and their manifests (the plugin's form and
 * BioImage.IO 0.4/0.5), activations by layer name, generators and gradient instances ({@link
 * io.github.rosettaneurons.engine.Network}). The bottom layer: it imports no other package of the plugin.
 */
package io.github.rosettaneurons.engine;
