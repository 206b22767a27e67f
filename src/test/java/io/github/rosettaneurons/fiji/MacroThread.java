
package io.github.rosettaneurons.fiji;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;

/**
 * Runs each test as ImageJ runs a macro's command: ImageJ hands macro options
 * only to threads it named "Run$_..." (as IJ.run does). Afterwards the options,
 * batch mode and current image are cleared again.
 */
final class MacroThread implements BeforeEachCallback, AfterEachCallback {

	private String threadName;

	@Override
	public void beforeEach(ExtensionContext context) {
		threadName = Thread.currentThread().getName();
		Thread.currentThread().setName("Run$_test");
	}

	@Override
	public void afterEach(ExtensionContext context) {
		Macro.setOptions(null);
		Interpreter.batchMode = false;
		WindowManager.setTempCurrentImage(null);
		Thread.currentThread().setName(threadName);
	}
}
