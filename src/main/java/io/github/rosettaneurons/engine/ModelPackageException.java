
package io.github.rosettaneurons.engine;

import java.nio.file.Path;

/**
 * A model package cannot be used. Every message names the file, the field
 * (where there is one) and the fix, so a user can act on it without reading
 * code.
 */
public class ModelPackageException extends RuntimeException {

	public ModelPackageException(String message) {
		super(message);
	}

	public ModelPackageException(String message, Throwable cause) {
		super(message, cause);
	}

	static ModelPackageException field(Path file, String field, String problem,
		String fix)
	{
		return new ModelPackageException(file + ": field '" + field + "' " +
			problem + ". " + fix);
	}
}
