
package io.github.rosettaneurons.fiji;

import java.awt.Frame;
import java.awt.GraphicsEnvironment;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.util.Map;

import org.scijava.command.CommandModule;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.ImageCanvas;
import ij.macro.Interpreter;
import ij.measure.ResultsTable;
import ij.text.TextPanel;
import ij.text.TextWindow;

/**
 * Plugins>Rosetta Neurons>Unit Browser (see plugins.config): the generic bridge
 * plus the clicks. From a macro it answers for one point; from the menu it
 * stays with the image: each click on the image lists the strongest units
 * there, and clicking a row of the table overlays that unit's heatmap.
 */
public class UnitBrowserPlugIn extends CommandBridge {

	public UnitBrowserPlugIn() {
		super(UnitBrowserCommand.class);
	}

	@Override
	protected void publish(CommandModule finished, Map<String, Object> inputs) {
		super.publish(finished, inputs);
		UnitBrowserCommand command = (UnitBrowserCommand) finished.getCommand();
		ImagePlus image = (ImagePlus) inputs.get("image");
		boolean interactive = !IJ.isMacro() && !Interpreter.isBatchMode() &&
			!GraphicsEnvironment.isHeadless();
		if (interactive && image != null && image.getCanvas() != null) listen(image,
			command.browser());
	}

	/**
	 * Clicks on the image probe that point; clicks on a table row show that unit.
	 */
	private static void listen(ImagePlus image, UnitBrowser browser) {
		ImageCanvas canvas = image.getCanvas();
		canvas.addMouseListener(new MouseAdapter() {

			@Override
			public void mouseClicked(MouseEvent event) {
				int x = canvas.offScreenX(event.getX());
				int y = canvas.offScreenY(event.getY());
				if (x < 0 || y < 0 || x >= image.getWidth() || y >= image.getHeight())
					return;
				ResultsTable table = browser.probe(x, y);
				table.show(UnitBrowser.TABLE_TITLE);
				image.updateAndDraw();
				followRows(image, browser);
			}
		});
		IJ.showStatus("Unit Browser: click on '" + image.getTitle() +
			"' to list the strongest units there");
		followRows(image, browser);
	}

	private static void followRows(ImagePlus image, UnitBrowser browser) {
		Frame window = ij.WindowManager.getFrame(UnitBrowser.TABLE_TITLE);
		if (!(window instanceof TextWindow)) return;
		TextPanel panel = ((TextWindow) window).getTextPanel();
		// the table window is shared by every browser: rows belong to the browser
		// that filled it last
		for (var listener : panel.getMouseListeners())
			if (listener instanceof RowClicks) panel.removeMouseListener(listener);
		panel.addMouseListener(new RowClicks(panel, image, browser));
	}

	/** A click on a table row overlays the heatmap of the unit in that row. */
	private static final class RowClicks extends MouseAdapter {

		private final TextPanel panel;
		private final ImagePlus image;
		private final UnitBrowser browser;

		RowClicks(TextPanel panel, ImagePlus image, UnitBrowser browser) {
			this.panel = panel;
			this.image = image;
			this.browser = browser;
		}

		@Override
		public void mouseReleased(MouseEvent event) {
			int row = panel.getSelectionStart();
			if (row < 0 || row >= panel.getLineCount()) return;
			browser.show(browser.unitInRow(row));
			image.updateAndDraw();
		}
	}
}
