
package io.github.rosettaneurons.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.github.rosettaneurons.TestZoo;
import io.github.rosettaneurons.data.ActivationImages;
import io.github.rosettaneurons.data.BilinearResize;
import io.github.rosettaneurons.data.BrodenDataset;
import io.github.rosettaneurons.data.FolderSource;
import io.github.rosettaneurons.data.Preprocessor;
import io.github.rosettaneurons.data.SourceImage;
import io.github.rosettaneurons.data.StackSource;
import io.github.rosettaneurons.engine.LayerSpec;
import io.github.rosettaneurons.engine.ModelPackage;
import io.github.rosettaneurons.engine.Network;
import io.github.rosettaneurons.engine.Progress;
import io.github.rosettaneurons.rosetta.MiningOptions;
import io.github.rosettaneurons.rosetta.MiningSetup;
import io.github.rosettaneurons.rosetta.RosettaDictionary;
import io.github.rosettaneurons.rosetta.RosettaRun;
import io.github.rosettaneurons.rosetta.UnitRef;

/**
 * The ImgLib2 outputs of the commands, read as SciJava scripts read them
 * (module outputs by name): their documented axes, and values equal to the
 * model's activations computed here on the sample zoo, or to the ImagePlus
 * outputs.
 */
class ImgOutputsTest {

	@TempDir
	Path temp;

	@Test
	void extractedMapsAreXYUnitImageWithTheNetworksValues() throws Exception {
		Map<String, Object> inputs = new HashMap<>();
		inputs.put("model", TestZoo.folder("resnet-shapes").toFile());
		inputs.put("folder", TestZoo.IMAGES.toFile());
		inputs.put("layers", "layer3,layer1");
		inputs.put("batch", 4);
		inputs.put("unit", -1);
		CommandModule module = run(ExtractActivationsCommand.class, inputs);
		Img<FloatType> maps = output(module, "activationMaps");
		ImagePlus stack = (ImagePlus) module.getOutput("activations");
		int images = new FolderSource(TestZoo.IMAGES).size();
		assertArrayEquals(new long[] { stack.getWidth(), stack.getHeight(), stack
			.getNChannels(), images }, maps.dimensionsAsLongArray(),
			"x, y, unit, image as the first layer's hyperstack");
		assertEquals(stack.getNFrames(), images);
		RandomAccess<FloatType> at = maps.randomAccess();
		for (int image = 0; image < images; image += 3)
			for (int unit = 0; unit < stack.getNChannels(); unit += 17) {
				float[] pixels = (float[]) stack.getStack().getPixels(stack
					.getStackIndex(unit + 1, 1, image + 1));
				for (int y = 0; y < stack.getHeight(); y++)
					for (int x = 0; x < stack.getWidth(); x++)
						assertEquals(pixels[y * stack.getWidth() + x], at.setPositionAndGet(
							x, y, unit, image).get(), "hyperstack and Img agree at " + x +
								"," + y + " unit " + unit + " image " + image);
			}
		Map<String, Img<FloatType>> layers = ((ExtractActivationsCommand) module
			.getCommand()).layerMaps();
		assertEquals(List.of("layer3", "layer1"), List.copyOf(layers.keySet()));
		ModelPackage resnet = TestZoo.open("resnet-shapes");
		LayerSpec layer1 = resnet.manifest().layer("layer1");
		int second = 1; // an image past the first batch position: the image axis is
										// the last
		try (Network network = resnet.load();
				NDManager scope = network.newScope())
		{
			NDArray input = new Preprocessor(resnet.manifest()).toBatch(scope, List
				.of(new FolderSource(TestZoo.IMAGES).get(second)));
			float[] expected = network.activations(input, List.of(layer1)).get(layer1
				.output()).toFloatArray();
			Img<FloatType> fine = layers.get("layer1");
			int width = (int) fine.dimension(0), height = (int) fine.dimension(1),
					units = (int) fine.dimension(2);
			assertEquals(expected.length, width * height * units);
			RandomAccess<FloatType> value = fine.randomAccess();
			for (int unit = 0; unit < units; unit++)
				for (int y = 0; y < height; y++)
					for (int x = 0; x < width; x++)
						assertEquals(expected[(unit * height + y) * width + x], value
							.setPositionAndGet(x, y, unit, second).get(), 1e-5f,
							"the engine's (unit, y, x) map at " + x + "," + y + " unit " +
								unit);
		}
	}

	@Test
	void eigenvectorMapsAreXYComponentImageAsTheHyperstack() throws Exception {
		Map<String, Object> inputs = new HashMap<>();
		inputs.put("model", TestZoo.folder("resnet-shapes").toFile());
		inputs.put("image", IJ.openImage(TestZoo.FIRST_IMAGE.toString()));
		inputs.put("layers", "layer2,layer3");
		inputs.put("eigenvectors", 3);
		inputs.put("steps", 30);
		CommandModule module = run(SpectralGroupingCommand.class, inputs);
		Img<FloatType> maps = output(module, "eigenvectorMaps");
		ImagePlus stack = (ImagePlus) module.getOutput("eigenvectorStack");
		assertArrayEquals(new long[] { 16, 16, 3, 1 }, maps.dimensionsAsLongArray(),
			"layer2's grid, 3 components, 1 image");
		RandomAccess<FloatType> at = maps.randomAccess();
		for (int component = 0; component < 3; component++) {
			float[] pixels = (float[]) stack.getStack().getPixels(stack.getStackIndex(
				component + 1, 1, 1));
			for (int y = 0; y < 16; y++)
				for (int x = 0; x < 16; x++)
					assertEquals(pixels[y * 16 + x], at.setPositionAndGet(x, y, component,
						0).get());
		}
	}

	@Test
	void rosettaUnitMapsAreEachModelsMapResizedToTheImage() throws Exception {
		Path mined = temp.resolve("mined");
		List<Path> others = List.of(TestZoo.folder("vit-shapes"), TestZoo.folder(
			"autoencoder-encoder"));
		try (MiningSetup setup = MiningSetup.open(TestZoo.folder("resnet-shapes"),
			others))
		{
			RosettaRun.finish(setup.miner(TestZoo.IMAGES, 0, 0, -1, MiningOptions
				.defaults().withBatchSize(4)), mined, null, null, 0, Progress.NONE);
		}
		Path dictionary = mined.resolve("dictionary.csv");
		ImagePlus image = IJ.openImage(TestZoo.FIRST_IMAGE.toString());
		Map<String, Object> inputs = new HashMap<>();
		inputs.put("dictionary", dictionary.toFile());
		inputs.put("neuron", 1);
		inputs.put("image", image);
		inputs.put("models", TestZoo.folder("resnet-shapes") + "," + others.get(0) +
			"," + others.get(1));
		CommandModule module = run(ShowRosettaCommand.class, inputs);
		Img<FloatType> maps = output(module, "unitMaps");
		List<UnitRef> units = RosettaDictionary.readNeuron(dictionary, 1);
		int width = image.getWidth(), height = image.getHeight();
		assertArrayEquals(new long[] { width, height, units.size() }, maps
			.dimensionsAsLongArray(), "x, y and one plane per model's unit");
		assertEquals(units.size(), ((ImagePlus) module.getOutput("heatmaps"))
			.getStackSize());
		RandomAccess<FloatType> at = maps.randomAccess();
		for (int k = 0; k < units.size(); k++) {
			float[][] expected = resizedMap(TestZoo.open(units.get(k).model()), units
				.get(k), new StackSource(image).get(0), width, height);
			double scale = 0;
			for (float[] row : expected)
				for (float v : row)
					scale = Math.max(scale, Math.abs(v));
			for (int y = 0; y < height; y++)
				for (int x = 0; x < width; x++)
					assertEquals(expected[y][x], at.setPositionAndGet(x, y, k).get(),
						1e-4 * scale + 1e-6, units.get(k) + " at " + x + "," + y);
		}
	}

	@Test
	void describedUnitMapsStartWithEachUnitsBestImage() throws Exception {
		Path concepts = TestZoo.ROOT.resolve("concepts");
		Map<String, Object> inputs = new HashMap<>();
		inputs.put("model", TestZoo.folder("resnet-shapes").toFile());
		inputs.put("layer", "layer3");
		inputs.put("units", "0-2");
		inputs.put("concepts", concepts.toFile());
		inputs.put("images", 5);
		inputs.put("batch", 32);
		CommandModule module = run(DescribeNeuronsCommand.class, inputs);
		Img<FloatType> maps = output(module, "unitMaps");
		ModelPackage resnet = TestZoo.open("resnet-shapes");
		LayerSpec layer3 = resnet.manifest().layer("layer3");
		BrodenDataset set = BrodenDataset.open(concepts);
		try (Network network = resnet.load()) {
			Img<FloatType> all = ActivationImages.extract(network, set.images(), List
				.of(layer3), 32, Progress.NONE).get(layer3.output());
			int width = (int) all.dimension(0), height = (int) all.dimension(1);
			assertArrayEquals(new long[] { width, height, 5, 3 }, maps
				.dimensionsAsLongArray(), "the layer's grid, 5 top images, 3 units");
			RandomAccess<FloatType> every = all.randomAccess();
			RandomAccess<FloatType> described = maps.randomAccess();
			for (int unit = 0; unit < 3; unit++) {
				int best = -1;
				double bestMean = Double.NEGATIVE_INFINITY;
				for (int image = 0; image < all.dimension(3); image++) {
					double sum = 0;
					for (int y = 0; y < height; y++)
						for (int x = 0; x < width; x++)
							sum += every.setPositionAndGet(x, y, unit, image).get();
					if (sum > bestMean) {
						bestMean = sum;
						best = image;
					}
				}
				for (int y = 0; y < height; y++)
					for (int x = 0; x < width; x++)
						assertEquals(every.setPositionAndGet(x, y, unit, best).get(),
							described.setPositionAndGet(x, y, 0, unit).get(), 1e-5f, "unit " +
								unit + "'s best image (mean pooling) comes first");
			}
		}
	}

	@Test
	void theBrowsersUnitMapIsTheStrongestUnitsMapOnItsGrid() throws Exception {
		ImagePlus image = IJ.openImage(TestZoo.FIRST_IMAGE.toString());
		Map<String, Object> inputs = new HashMap<>();
		inputs.put("image", image);
		inputs.put("models", TestZoo.folder("resnet-shapes") + "," + TestZoo.folder(
			"vit-shapes"));
		inputs.put("top", 3);
		inputs.put("x", 34);
		inputs.put("y", 20);
		CommandModule module = run(UnitBrowserCommand.class, inputs);
		Img<FloatType> map = output(module, "unitMap");
		ResultsTable units = (ResultsTable) module.getOutput("units");
		int strongest = 0;
		for (int row = 1; row < units.size(); row++)
			if (units.getValue("z", row) > units.getValue("z", strongest)) strongest =
				row;
		ModelPackage model = TestZoo.open(units.getStringValue("model", strongest));
		LayerSpec layer = model.manifest().layer(units.getStringValue("layer",
			strongest));
		int unit = (int) units.getValue("unit", strongest);
		try (Network network = model.load(); NDManager scope = network.newScope()) {
			NDArray input = new Preprocessor(model.manifest()).toBatch(scope, List.of(
				new StackSource(image).get(0)));
			NDArray maps = network.activations(input, List.of(layer)).get(layer
				.output());
			int height = (int) maps.getShape().get(2), width = (int) maps.getShape()
				.get(3);
			assertArrayEquals(new long[] { width, height }, map
				.dimensionsAsLongArray(), "x, y on the layer's grid");
			float[] expected = maps.get("0, " + unit + ", :, :").toFloatArray();
			RandomAccess<FloatType> at = map.randomAccess();
			for (int y = 0; y < height; y++)
				for (int x = 0; x < width; x++)
					assertEquals(expected[y * width + x], at.setPositionAndGet(x, y)
						.get(), 1e-5f, "at " + x + "," + y);
		}
	}

	/**
	 * The unit's map computed here, resized with the half-pixel bilinear matrices
	 * in plain Java: R_h · X · R_wᵀ.
	 */
	private static float[][] resizedMap(ModelPackage modelPackage, UnitRef unit,
		SourceImage source, int width, int height)
	{
		LayerSpec layer = modelPackage.manifest().layer(unit.layer());
		try (Network network = modelPackage.load();
				NDManager scope = network.newScope())
		{
			NDArray input = new Preprocessor(modelPackage.manifest()).toBatch(scope,
				List.of(source));
			NDArray maps = network.activations(input, List.of(layer)).get(layer
				.output());
			int h = (int) maps.getShape().get(2), w = (int) maps.getShape().get(3);
			float[] map = maps.get("0, " + unit.unit() + ", :, :").toFloatArray();
			double[] rows = BilinearResize.matrix(h, height);
			double[] columns = BilinearResize.matrix(w, width);
			float[][] resized = new float[height][width];
			for (int y = 0; y < height; y++)
				for (int x = 0; x < width; x++) {
					double sum = 0;
					for (int i = 0; i < h; i++)
						for (int j = 0; j < w; j++)
							sum += rows[y * h + i] * map[i * w + j] * columns[x * w + j];
					resized[y][x] = (float) sum;
				}
			return resized;
		}
	}

	@SuppressWarnings("unchecked")
	private static Img<FloatType> output(CommandModule module, String name) {
		Object output = module.getOutput(name);
		assertNotNull(output, name);
		assertEquals(FloatType.class, ((Img<?>) output).firstElement().getClass(),
			name + " holds floats");
		return (Img<FloatType>) output;
	}

	private static CommandModule run(Class<? extends Command> command,
		Map<String, Object> inputs) throws InterruptedException, ExecutionException
	{
		return PluginContext.get().service(CommandService.class).run(command, false,
			inputs).get();
	}
}
