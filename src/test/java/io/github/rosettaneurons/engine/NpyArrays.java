
package io.github.rosettaneurons.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * BioImage.IO test tensors (little-endian float32 or int64 .npy files) as
 * engine arrays.
 */
final class NpyArrays {

	private NpyArrays() {}

	static NDArray read(NDManager manager, Path file)
		throws IOException
	{NpyHeader header=NpyHeader.read(file);byte[]bytes=Files.readAllBytes(file);ByteBuffer data=ByteBuffer.wrap(bytes,header.dataOffset(),bytes.length-header.dataOffset()).order(ByteOrder.LITTLE_ENDIAN);Shape shape=new Shape(header.shape());return switch(header.dtype()){case"<f4"->manager.create(data.slice().order(ByteOrder.LITTLE_ENDIAN),shape,DataType.FLOAT32);case"<i8"->manager.create(data.slice().order(ByteOrder.LITTLE_ENDIAN),shape,DataType.INT64);default->throw new IOException(file+": type "+header.dtype()+" is not float32 or int64");};}

	/**
	 * Largest difference relative to max(1, largest expected magnitude), as the
	 * exporter measures it.
	 */
	static double relativeDifference(NDArray expected, NDArray actual) {
		double scale = Math.max(1, expected.abs().max().getFloat());
		return expected.sub(actual).abs().max().getFloat() / scale;
	}
}
