
package io.github.rosettaneurons.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.rosettaneurons.TestZoo;

class ModelPackageTest {

	private static final String MODEL = "resnet-shapes";

	@TempDir
	Path temp;

	private static String message(Path location) {
		return assertThrows(ModelPackageException.class, () -> ModelPackage.open(
			location).load().close()).getMessage();
	}

	@Test
	void opensAFolderAndChecksItsWeights() {
		ModelPackage modelPackage = TestZoo.open(MODEL);
		assertEquals(MODEL, modelPackage.name());
		assertEquals(modelPackage.manifest().weightsSha256(), ModelPackage.sha256(
			modelPackage.weights()));
	}

	@Test
	void opensAZippedPackage() throws IOException {
		Path zip = temp.resolve("resnet.zip");
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(
			zip)))
		{
			try (Stream<Path> files = Files.list(TestZoo.folder(MODEL))) {
				for (Path file : files.sorted().toList()) {
					out.putNextEntry(new ZipEntry("resnet/" + file.getFileName()));
					Files.copy(file, out);
					out.closeEntry();
				}
			}
		}
		ModelPackage zipped = ModelPackage.open(zip);
		assertEquals(MODEL, zipped.name());
		assertEquals(TestZoo.open(MODEL).manifest().weightsSha256(), ModelPackage
			.sha256(zipped.weights()));
	}

	@Test
	void missingPackageSaysWhatIsExpected() {
		String message = message(temp.resolve("nowhere"));
		assertTrue(message.contains("no such model package") && message.contains(
			"rdf.yaml"), message);
	}

	@Test
	void folderWithoutManifestPointsToTheExporter() {
		String message = message(temp);
		assertTrue(message.contains("holds no manifest") && message.contains(
			"export_model.py"), message);
	}

	@Test
	void changedWeightsFailTheChecksum() throws IOException {
		Path copy = TestZoo.copy(MODEL, temp.resolve("pkg"));
		try (OutputStream out = Files.newOutputStream(copy.resolve("weights.pt"),
			java.nio.file.StandardOpenOption.APPEND))
		{
			out.write(0);
		}
		String message = message(copy);
		assertTrue(message.contains(copy.resolve("rdf.yaml").toString()), message);
		assertTrue(message.contains("'weights.torchscript.sha256'") && message
			.contains("re-export"), message);
	}

	@Test
	void corruptWeightsWithMatchingChecksumAreNotTorchScript()
		throws IOException
	{
		Path copy = TestZoo.copy(MODEL, temp.resolve("pkg"));
		Path weights = copy.resolve("weights.pt");
		String oldSha = ModelPackage.sha256(weights);
		Files.write(weights, "this is not a TorchScript archive".getBytes());
		Path manifest = copy.resolve("rdf.yaml");
		Files.writeString(manifest, Files.readString(manifest).replace(oldSha,
			ModelPackage.sha256(weights)));
		String message = message(copy);
		assertTrue(message.startsWith(weights.toString()) && message.contains(
			"cannot load this file as TorchScript"), message);
	}

	@Test
	void aRefusedZipLeavesNothingInTheTemporaryFolder() throws IOException {
		String marker = "marker-" + java.util.UUID.randomUUID() + ".txt";
		Path escaping = temp.resolve("escaping.zip");
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(
			escaping)))
		{
			for (String name : new String[] { "resnet/" + marker, "resnet/weights.pt",
				"../outside.txt" })
			{
				out.putNextEntry(new ZipEntry(name));
				Files.copy(TestZoo.folder(MODEL).resolve("weights.pt"), out);
				out.closeEntry();
			}
		}
		assertTrue(message(escaping).contains(
			"entry '../outside.txt' points outside the package"));
		Path damaged = temp.resolve("damaged.zip");
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(
			damaged)))
		{
			for (String name : new String[] { "rdf.yaml", "test-image.npy",
				"test-output.npy", marker })
			{
				out.putNextEntry(new ZipEntry("resnet/" + name));
				Files.copy(TestZoo.folder(MODEL).resolve(name.equals(marker)
					? "rdf.yaml" : name), out);
				out.closeEntry();
			}
		}
		assertTrue(message(damaged).contains("weights.torchscript.source"),
			"the weights are missing");
		try (Stream<Path> unpacked = Files.list(Path.of(System.getProperty(
			"java.io.tmpdir"))))
		{
			List<Path> left = unpacked.filter(folder -> folder.getFileName()
				.toString().startsWith("rosetta-package-")).filter(folder -> Files
					.exists(folder.resolve("resnet").resolve(marker))).toList();
			assertEquals(List.of(), left,
				"unpacked folders of refused zips are deleted at once");
		}
	}

	@Test
	void aHugeInputShapeIsTooLargeNotANegativeNumber() throws IOException {
		Path copy = TestZoo.copy(MODEL, temp.resolve("pkg"));
		Path manifest = copy.resolve("rdf.yaml");
		String yaml = Files.readString(manifest);
		String huge = yaml.replace("{type: space, id: y, size: 64}",
			"{type: space, id: y, size: 30000}").replace(
				"{type: space, id: x, size: 64}", "{type: space, id: x, size: 30000}");
		assertNotEquals(yaml, huge, "the sample manifest names its y and x sizes");
		Files.writeString(manifest, huge);
		String message = message(copy);
		assertTrue(message.contains("inputs[0].axes") && message.contains(
			"3 x 30000 x 30000 = 2700000000 values"), message);
	}

	@Test
	void weightsOutsideThePackageAreRefused() throws IOException {
		Path copy = TestZoo.copy(MODEL, temp.resolve("pkg"));
		Path manifest = copy.resolve("rdf.yaml");
		Files.writeString(manifest, Files.readString(manifest).replace(
			"source: weights.pt", "source: ../elsewhere.pt"));
		String message = message(copy);
		assertTrue(message.contains("weights.torchscript.source") && message
			.contains("not a file inside"), message);
	}

	@Test
	void layerMissingFromTheExportIsReported() throws IOException {
		Path copy = TestZoo.copy(MODEL, temp.resolve("pkg"));
		Path manifest = copy.resolve("rdf.yaml");
		String yaml = Files.readString(manifest);
		Files.writeString(manifest, yaml.replaceFirst("output: layer4",
			"output: layer5"));
		ModelPackage modelPackage = ModelPackage.open(copy);
		try (Network network = modelPackage.load();
				var scope = network.newScope())
		{
			var input = scope.zeros(new ai.djl.ndarray.types.Shape(1, 3, 64, 64));
			String message = assertThrows(ModelPackageException.class, () -> network
				.activations(input, modelPackage.manifest().layers())).getMessage();
			assertTrue(message.contains("did not return [layer5]") && message
				.contains("layer4"), message);
		}
	}
}
