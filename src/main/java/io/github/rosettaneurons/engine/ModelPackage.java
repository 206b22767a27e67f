
package io.github.rosettaneurons.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import ai.djl.Device;

/**
 * A model package on disk: a folder (or a zip of one) holding a manifest
 * ({@code rdf.yaml}) and the weights it names. Opening checks the manifest and
 * the weights' SHA-256 before anything is handed to the engine.
 */
public final class ModelPackage {

	private static final List<String> MANIFEST_NAMES = List.of("rdf.yaml",
		"bioimageio.yaml", "manifest.yaml");

	private final Path folder;
	private final ModelManifest manifest;
	private final Path weights;

	private ModelPackage(Path folder, ModelManifest manifest, Path weights) {
		this.folder = folder;
		this.manifest = manifest;
		this.weights = weights;
	}

	/**
	 * Opens and verifies the package at {@code location} (folder, zip, or the
	 * manifest file itself).
	 */
	public static ModelPackage open(Path location) {
		if (!Files.exists(location)) throw new ModelPackageException(location +
			": no such model package. Give a folder (or .zip) holding rdf.yaml and the TorchScript weights.");
		boolean zipped = !Files.isDirectory(location) && location.getFileName()
			.toString().toLowerCase(Locale.ROOT).endsWith(".zip");
		if (!zipped) return verify(Files.isDirectory(location) ? location : location
			.getParent(), Files.isDirectory(location) ? null : location);
		Path unpacked = unzip(location);
		try {
			ModelPackage opened = verify(singleTopFolder(unpacked), null);
			deleteOnExit(unpacked);
			return opened;
		}
		catch (IOException | RuntimeException e) {
			deleteQuietly(unpacked); // a refused zip leaves nothing in the temporary
																// folder
			if (e instanceof RuntimeException) throw (RuntimeException) e;
			throw new ModelPackageException(location +
				": cannot list the unpacked zip (" + e.getMessage() + ").", e);
		}
	}

	/**
	 * Whether {@code folder} looks like an unpacked model package (it holds a
	 * manifest); nothing is verified.
	 */
	public static boolean isPackageFolder(Path folder) {
		return Files.isDirectory(folder) && MANIFEST_NAMES.stream().anyMatch(
			name -> Files.isRegularFile(folder.resolve(name)));
	}

	/**
	 * The manifest of the package at {@code location}, read without hashing the
	 * weights where it is a folder.
	 */
	public static ModelManifest readManifest(Path location) {
		if (isPackageFolder(location)) return ModelManifest.read(findManifest(
			location));
		return open(location).manifest();
	}

	/**
	 * Checks the manifest ({@code manifestFile}, or the one found in
	 * {@code folder}) and the weights it names.
	 */
	private static ModelPackage verify(Path folder, Path manifestFile) {
		if (manifestFile == null) manifestFile = findManifest(folder);
		ModelManifest manifest = ModelManifest.read(manifestFile);
		Path weights = folder.resolve(manifest.weightsSource()).normalize();
		String weightsPath = "weights." + manifest.weightsFormat();
		if (!weights.startsWith(folder.normalize()) || !Files.isRegularFile(
			weights)) throw ModelPackageException.field(manifestFile, weightsPath +
				".source", "points to '" + manifest.weightsSource() +
					"', which is not a file inside " + folder,
				"Put the weights file into the package folder and name it there");
		String actual = sha256(weights);
		if (!actual.equals(manifest.weightsSha256())) throw ModelPackageException
			.field(manifestFile, weightsPath + ".sha256", "is " + manifest
				.weightsSha256() + " but " + weights.getFileName() + " has SHA-256 " +
				actual,
				"The weights file is damaged or was replaced; re-export the package, " +
					"or if you changed the weights on purpose, write the new SHA-256 into the manifest");
		return new ModelPackage(folder, manifest, weights);
	}

	private static Path findManifest(Path folder) {
		for (String name : MANIFEST_NAMES) {
			Path candidate = folder.resolve(name);
			if (Files.isRegularFile(candidate)) return candidate;
		}
		throw new ModelPackageException(folder +
			": holds no manifest (looked for " + String.join(", ", MANIFEST_NAMES) +
			"). Export the model with tools/export_model.py, which writes rdf.yaml next to the weights.");
	}

	/** The SHA-256 of a file as 64 hexadecimal digits. */
	public static String sha256(Path file) {
		try (InputStream in = new DigestInputStream(Files.newInputStream(file),
			MessageDigest.getInstance("SHA-256")))
		{
			byte[] buffer = new byte[1 << 16];
			while (in.read(buffer) >= 0) {
				// the digest stream hashes what passes through
			}
			return HexFormat.of().formatHex(((DigestInputStream) in)
				.getMessageDigest().digest());
		}
		catch (IOException e) {
			throw new ModelPackageException(file + ": cannot read the weights (" + e
				.getMessage() + ").", e);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("This JVM lacks SHA-256", e);
		}
	}

	/**
	 * Unpacks a zipped package into a new temporary folder, refusing entries that
	 * escape it; the folder is gone again when unpacking fails.
	 */
	private static Path unzip(Path zip) {
		Path target;
		try {
			target = Files.createTempDirectory("rosetta-package-");
		}
		catch (IOException e) {
			throw new ModelPackageException(zip + ": cannot unpack (" + e
				.getMessage() + "). Free space in the " +
				"temporary folder (java.io.tmpdir) or unzip the package yourself.", e);
		}
		try {
			try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
				for (ZipEntry entry; (entry = in.getNextEntry()) != null;) {
					Path out = target.resolve(entry.getName()).normalize();
					if (!out.startsWith(target)) throw new ModelPackageException(zip +
						": entry '" + entry.getName() +
						"' points outside the package. Rebuild the zip from the package folder.");
					if (entry.isDirectory()) Files.createDirectories(out);
					else {
						Files.createDirectories(out.getParent());
						Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
					}
				}
			}
			return target;
		}
		catch (IOException | RuntimeException e) {
			deleteQuietly(target);
			if (e instanceof RuntimeException) throw (RuntimeException) e;
			throw new ModelPackageException(zip + ": is not a readable zip (" + e
				.getMessage() + "). Re-create it from the package folder.", e);
		}
	}

	/**
	 * Zips made with "zip -r pkg.zip pkg/" hold one folder; packages may also be
	 * zipped flat.
	 */
	private static Path singleTopFolder(Path root) throws IOException {
		try (Stream<Path> children = Files.list(root)) {
			List<Path> list = children.toList();
			return list.size() == 1 && Files.isDirectory(list.get(0)) ? list.get(0)
				: root;
		}
	}

	private static void deleteOnExit(Path root) {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(root)));
	}

	private static void deleteQuietly(Path root) {
		try {
			Folders.deleteTree(root, false);
		}
		catch (IOException ignored) {
			// a temporary folder left behind is harmless
		}
	}

	/** Loads the weights for inference on the plugin's device. */
	public Network load() {
		return load(DjlEnvironment.device(), false);
	}

	/**
	 * Loads the weights on {@code device}; {@code forGradients} gives a trainable
	 * instance for gradient work.
	 */
	public Network load(Device device, boolean forGradients) {
		return backend().load(this, device, forGradients);
	}

	/** The backend that loads this package's weights. */
	public ModelBackend backend() {
		return ModelBackends.forWeights(manifest.weightsFormat());
	}

	public Path folder() {
		return folder;
	}

	public ModelManifest manifest() {
		return manifest;
	}

	public Path weights() {
		return weights;
	}

	public String name() {
		return manifest.name();
	}
}
