package io.github.rosettaneurons.engine;

import ai.djl.ndarray.NDArray;

/**
 * How to drive a generator package.
 *
 * @param method TorchScript method taking (z: float (B, latentSize), y: long
 *          (B)) and returning a Dict[str, Tensor] with the image and the layer
 *          activations
 * @param latentSize length of z
 * @param numClasses classes the generator is conditioned on; 0 when
 *          unconditional (y is then ignored)
 * @param imageOutput key of the generated image (B, C, H, W) in the dictionary
 * @param imageMin value the generator gives black
 * @param imageMax value the generator gives white
 */
public record GeneratorSpec(String method,int latentSize,int numClasses,String imageOutput,double imageMin,double imageMax){

public boolean conditional(){return numClasses>0;}

/** Generated images mapped from the generator's range to [0, 1], clipped. */
public NDArray toUnitRange(NDArray image){return image.sub(imageMin).div(imageMax-imageMin).clip(0,1);}}
