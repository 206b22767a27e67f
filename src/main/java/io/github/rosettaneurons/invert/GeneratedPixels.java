package io.github.rosettaneurons.invert;

import ai.djl.ndarray.NDArray;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.engine.GeneratorSpec;
import ij.process.FloatProcessor;

import java.util.ArrayList;
import java.util.List;

/** Generated images as [0, 1] pixels: on the engine for losses, as planes for results. */
final class GeneratedPixels {

	private GeneratedPixels() {}

	/** A generated image (B, C, H, W) mapped from the generator's range to [0, 1]. */
	static NDArray unitRange(NDArray image, GeneratorSpec spec) {
		return image.sub(spec.imageMin()).div(spec.imageMax() - spec.imageMin()).clip(0, 1);
	}

	/** One image's (C, H, W) row-major pixels as a {@link SourceImage}. */
	static SourceImage toSourceImage(String name, float[] pixels, long[] shape) {
		int channels = (int) shape[1];
		int height = (int) shape[2];
		int width = (int) shape[3];
		List<FloatProcessor> planes = new ArrayList<>();
		for (int c = 0; c < channels; c++) {
			float[] plane = new float[width * height];
			System.arraycopy(pixels, c * plane.length, plane, 0, plane.length);
			planes.add(new FloatProcessor(width, height, plane));
		}
		return new SourceImage(name, planes);
	}
}
