
package io.github.rosettaneurons.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * One way to run a model package: the weights format it loads (a key under the
 * manifest's {@code weights}), the DJL engine it computes on, and the few
 * engine operations the method packages need beyond DJL's common NDArray API.
 * {@link ModelBackends} lists the backends this build ships; see
 * docs/development.md, "Adding a model backend".
 */
public interface ModelBackend {

	/**
	 * The manifest's weights entry this backend loads, e.g. {@code torchscript}.
	 */
	String weightsFormat();

	/** The DJL engine its tensors live on, e.g. {@code PyTorch}. */
	String engineName();

	/**
	 * What to check when the engine does not start (its natives, versions,
	 * caches).
	 */
	String engineHelp();

	/**
	 * Loads the package's weights on {@code device}; {@code forGradients} gives
	 * an instance for gradient work.
	 */
	Network load(ModelPackage modelPackage, Device device, boolean forGradients);

	/**
	 * A sparse COO matrix of {@code shape} from (2, nnz) int64 {@code indices}
	 * and nnz {@code values} on this engine; duplicate entries sum in products.
	 */
	NDArray sparseCoo(NDArray indices, NDArray values, Shape shape);

	/** Threads one operation may use. */
	int intraOpThreads();

	void setIntraOpThreads(int threads);

	/** Threads that run independent operations side by side. */
	int interOpThreads();
}
