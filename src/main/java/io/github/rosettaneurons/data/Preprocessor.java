
package io.github.rosettaneurons.data;

import java.util.Collections;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import io.github.rosettaneurons.engine.ModelManifest;
import io.github.rosettaneurons.engine.Preprocessing;

/**
 * Turns images into a model's input tensor exactly as its manifest says
 * (docs/model-package.md): channel matching and bilinear resizing per image,
 * then normalisation on the engine for the whole batch.
 */
public final class Preprocessor {

	private final ModelManifest manifest;

	public Preprocessor(ModelManifest manifest) {
		this.manifest = manifest;
	}

	/**
	 * A batch (B, C, H, W) on {@code manager}'s device, normalised per the
	 * manifest.
	 */
	public NDArray toBatch(NDManager manager, List<SourceImage> images) {
		int channels = manifest.channels();
		int plane = manifest.width() * manifest.height();
		float[] pixels = new float[images.size() * channels * plane];
		for (int i = 0; i < images.size(); i++) {
			List<FloatProcessor> matched = matchChannels(images.get(i));
			for (int c = 0; c < channels; c++) {
				FloatProcessor resized = resize(matched.get(c), manifest.width(),
					manifest.height());
				System.arraycopy((float[]) resized.getPixels(), 0, pixels, (i *
					channels + c) * plane, plane);
			}
		}
		NDArray batch = manager.create(pixels, new Shape(images.size(), channels,
			manifest.height(), manifest.width()));
		return normalise(manager, batch);
	}

	/**
	 * A batch of images already on the engine, (B, C, H, W) with values in [0, 1]
	 * (e.g. a generator's samples), made into this model's input: channels
	 * matched, resized (bilinear, half-pixel) and normalised.
	 */
	public NDArray fromTensor(NDManager manager, NDArray images) {
		Shape shape = images.getShape();
		long have = shape.get(1);
		NDArray matched = images;
		if (have != manifest.channels()) {
			if (have != 1) throw new IllegalArgumentException("Images with " + have +
				" channels cannot feed model '" + manifest.name() +
				"', which expects " + manifest.channels() + ".");
			matched = images.repeat(1, manifest.channels());
		}
		int height = (int) shape.get(2);
		int width = (int) shape.get(3);
		if (height != manifest.height() || width != manifest.width()) {
			NDArray rows = manager.create(BilinearResize.matrix(height, manifest
				.height()), new Shape(manifest.height(), height)).toType(matched
					.getDataType(), false);
			NDArray columns = manager.create(BilinearResize.matrix(width, manifest
				.width()), new Shape(manifest.width(), width)).toType(matched
					.getDataType(), false);
			matched = rows.matMul(matched).matMul(columns.transpose());
		}
		return normalise(manager, matched);
	}

	private NDArray normalise(NDManager manager, NDArray batch) {
		Preprocessing steps = manifest.preprocessing();
		NDArray result = batch;
		if (steps.perSampleStandardise()) {
			NDArray flat = result.reshape(images(batch), -1);
			NDArray centred = flat.sub(flat.mean(new int[] { 1 }, true));
			NDArray std = centred.square().mean(new int[] { 1 }, true).sqrt().add(
				1e-6f);
			result = centred.div(std).reshape(batch.getShape());
		}
		Shape perChannel = new Shape(1, manifest.channels(), 1, 1);
		return result.sub(manager.create(steps.mean(), perChannel)).div(manager
			.create(steps.std(), perChannel));
	}

	private static long images(NDArray batch) {
		return batch.getShape().get(0);
	}

	private List<FloatProcessor> matchChannels(SourceImage image) {
		int have = image.channels().size();
		int want = manifest.channels();
		if (have == want) return image.channels();
		if (have == 1) return Collections.nCopies(want, image.channels().get(0));
		throw new IllegalArgumentException("Image '" + image.name() + "' has " +
			have + " channels but model '" + manifest.name() + "' expects " + want +
			(want == 3 ? " (RGB)" : "") + ". Convert the image (Image>Type>" +
			(want == 3 ? "RGB Color" : "8-bit") +
			", or Image>Color>Channels Tool to pick channels) and run again.");
	}

	private static FloatProcessor resize(FloatProcessor channel, int width,
		int height)
	{
		if (channel.getWidth() == width && channel.getHeight() == height)
			return channel;
		channel.setInterpolationMethod(ImageProcessor.BILINEAR);
		return (FloatProcessor) channel.resize(width, height, true);
	}
}
