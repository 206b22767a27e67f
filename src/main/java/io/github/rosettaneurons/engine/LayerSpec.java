package io.github.rosettaneurons.engine;

/**
 * One layer a package exposes.
 *
 * @param name module path in the original network (e.g. {@code layer3.1.conv2})
 * @param output key of the tensor in the activations dictionary the TorchScript method returns
 * @param tokens whether the tensor is a transformer token sequence (B, prefix + h*w, C) to fold into
 *          (B, C, h, w)
 * @param prefixTokens class/register tokens at the start of the sequence, dropped when folding
 */
public record LayerSpec(String name, String output, boolean tokens, int prefixTokens) {

	/** Whether a user's request ("layer3" or its output key) names this layer. */
	public boolean answersTo(String request) {
		return name.equals(request) || output.equals(request);
	}
}
