/**
 * The engine seam: what the method packages use of a loaded model
 * ({@link io.github.rosettaneurons.engine.Network}: activations by layer name,
 * generators, exported methods, gradient instances, scopes; what the manifest
 * promises of them is {@code NetworkContract}), the backends behind it
 * ({@link io.github.rosettaneurons.engine.ModelBackend}, chosen by the
 * manifest's weights entry; today TorchScript on DJL's PyTorch engine), the
 * shared optimiser ({@link io.github.rosettaneurons.engine.Adam}), offline
 * start-up and native platform choice
 * ({@link io.github.rosettaneurons.engine.DjlEnvironment},
 * {@link io.github.rosettaneurons.engine.NativePlatform}), and model packages
 * with their manifests (the plugin's form and BioImage.IO 0.4/0.5). The bottom
 * layer: it imports no other package of the plugin, and no other package
 * imports DJL's PyTorch classes.
 */

package io.github.rosettaneurons.engine;
