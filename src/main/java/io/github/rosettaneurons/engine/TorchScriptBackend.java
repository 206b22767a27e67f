
package io.github.rosettaneurons.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * TorchScript weights ({@code weights.torchscript}) on DJL's PyTorch engine.
 */
final class TorchScriptBackend implements ModelBackend {

	@Override
	public String weightsFormat() {
		return "torchscript";
	}

	@Override
	public String engineName() {
		return "PyTorch";
	}

	@Override
	public String engineHelp() {
		return "Check that pytorch-native-cpu (or PYTORCH_LIBRARY_PATH with PYTORCH_FLAVOR) matches PyTorch 2.7.1, and " +
			"that ENGINE_CACHE_DIR (" + System.getProperty("ENGINE_CACHE_DIR") +
			") is writable.";
	}

	@Override
	public Network load(ModelPackage modelPackage, Device device,
		boolean forGradients)
	{
		return TorchScriptNetwork.load(this, modelPackage, device, forGradients);
	}

	/**
	 * DJL's public createCoo copies Java arrays into buffers it frees while the
	 * sparse tensor still points into them, so the engine's own constructor is
	 * used with engine-owned copies.
	 */
	@Override
	public NDArray sparseCoo(NDArray indices, NDArray values, Shape shape) {
		return JniUtils.createSparseCoo((PtNDArray) indices.add(0),
			(PtNDArray) values.add(0), shape);
	}

	@Override
	public int intraOpThreads() {
		DjlEnvironment.engine(this);
		return JniUtils.getNumThreads();
	}

	@Override
	public void setIntraOpThreads(int threads) {
		DjlEnvironment.engine(this);
		JniUtils.setNumThreads(threads);
	}

	@Override
	public int interOpThreads() {
		DjlEnvironment.engine(this);
		return JniUtils.getNumInteropThreads();
	}
}
