
package io.github.rosettaneurons.dissect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * One layer's activations over the whole concept set, spilled to a float32 file
 * as they come out of the forward pass, so the threshold and tally passes
 * re-read them from disk instead of holding them in memory or running the
 * network again. Tracks each unit's minimum and maximum on the way in. The file
 * is deleted on close.
 */
final class ActivationCache implements AutoCloseable {

	private final Path file;
	private final FileChannel channel;
	private final int units;
	private final int height;
	private final int width;
	private final float[] min;
	private final float[] max;
	private int images;
	/**
	 * Reused for every read and write, so that no direct memory piles up between
	 * garbage collections.
	 */
	private ByteBuffer buffer = ByteBuffer.allocateDirect(0);

	ActivationCache(Path file, int units, int height, int width) {
		this.file = file;
		this.units = units;
		this.height = height;
		this.width = width;
		min = new float[units];
		max = new float[units];
		Arrays.fill(min, Float.POSITIVE_INFINITY);
		Arrays.fill(max, Float.NEGATIVE_INFINITY);
		try {
			channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
				StandardOpenOption.READ, StandardOpenOption.WRITE);
		}
		catch (IOException e) {
			throw new UncheckedIOException(file +
				": cannot create the activation cache (" + e.getMessage() + ")", e);
		}
	}

	/** Appends a batch (B, units, height, width). */
	void append(NDArray batch) {
		Shape shape = batch.getShape();
		if (shape.dimension() != 4 || shape.get(1) != units || shape.get(
			2) != height || shape.get(3) != width) throw new IllegalArgumentException(
				"Activations of shape " + shape + " do not fit a cache of (B, " +
					units + ", " + height + ", " + width + ")");
		NDArray perUnit = batch.transpose(1, 0, 2, 3).reshape(units, -1);
		float[] low = perUnit.min(new int[] { 1 }).toFloatArray();
		float[] high = perUnit.max(new int[] { 1 }).toFloatArray();
		for (int u = 0; u < units; u++) {
			min[u] = Math.min(min[u], low[u]);
			max[u] = Math.max(max[u], high[u]);
		}
		float[] values = batch.toType(DataType.FLOAT32, false).toFloatArray();
		ByteBuffer bytes = buffer(values.length);
		bytes.asFloatBuffer().put(values);
		try {
			long position = (long) images * perImage() * Float.BYTES;
			while (bytes.hasRemaining())
				position += channel.write(bytes, position);
		}
		catch (IOException e) {
			throw new UncheckedIOException(file +
				": cannot write the activation cache (" + e.getMessage() +
				"); is the disk full?", e);
		}
		images += (int) shape.get(0);
	}

	/**
	 * Images {@code first .. first + count - 1} as (count, units, height, width)
	 * float32 on {@code manager}.
	 */
	NDArray read(NDManager manager, int first, int count) {
		ByteBuffer bytes = readBytes((long) first * perImage(), count * perImage());
		// a float view (not the direct byte buffer itself, which the engine would
		// wrap without copying) is copied
		return manager.create(bytes.asFloatBuffer(), new Shape(count, units, height,
			width), DataType.FLOAT32);
	}

	/**
	 * The (height × width) map of {@code unit} for image {@code image},
	 * row-major.
	 */
	float[] map(int image, int unit) {
		float[] values = new float[height * width];
		readBytes((long) image * perImage() + (long) unit * height * width, height *
			width).asFloatBuffer().get(values);
		return values;
	}

	private ByteBuffer readBytes(long firstValue, int values) {
		ByteBuffer bytes = buffer(values);
		try {
			long position = firstValue * Float.BYTES;
			while (bytes.hasRemaining()) {
				int read = channel.read(bytes, position);
				if (read < 0) throw new IOException("unexpected end of file");
				position += read;
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(file +
				": cannot read the activation cache (" + e.getMessage() + ")", e);
		}
		return bytes.flip();
	}

	/** The reused buffer, cleared and limited to {@code values} floats. */
	private ByteBuffer buffer(int values) {
		int size = values * Float.BYTES;
		if (buffer.capacity() < size) buffer = ByteBuffer.allocateDirect(size)
			.order(ByteOrder.nativeOrder());
		return buffer.clear().limit(size);
	}

	private int perImage() {
		return units * height * width;
	}

	int images() {
		return images;
	}

	int units() {
		return units;
	}

	int height() {
		return height;
	}

	int width() {
		return width;
	}

	float[] min() {
		return min.clone();
	}

	float[] max() {
		return max.clone();
	}

	@Override
	public void close() {
		try {
			channel.close();
			Files.deleteIfExists(file);
		}
		catch (IOException e) {
			throw new UncheckedIOException(file +
				": cannot delete the activation cache (" + e.getMessage() + ")", e);
		}
	}
}
