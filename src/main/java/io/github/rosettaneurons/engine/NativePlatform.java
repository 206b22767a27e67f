
package io.github.rosettaneurons.engine;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The platforms this plugin ships DJL's PyTorch 2.7.1 CPU build for: DJL's
 * classifier of the native jar, the folder under Fiji's {@code jars/} that Fiji
 * puts on the class path only on that platform, and the libraries DJL loads.
 */
public enum NativePlatform {

		LINUX_X86_64("linux-x86_64", "linux64", "libtorch.so", "libdjl_torch.so"),
		LINUX_AARCH64("linux-aarch64", "linux-arm64", "libtorch.so",
			"libdjl_torch.so"), MACOS_AARCH64("osx-aarch64", "macos-arm64",
				"libtorch.dylib", "libdjl_torch.dylib"), WINDOWS_X86_64("win-x86_64",
					"win64", "torch.dll", "djl_torch.dll");

	/**
	 * Where each DJL native jar describes itself (version, flavor, classifier,
	 * libraries).
	 */
	static final String DJL_NATIVE_PROPERTIES = "native/lib/pytorch.properties";

	private final String classifier;
	private final String fijiFolder;
	private final String torchLibrary;
	private final String jniLibrary;

	NativePlatform(String classifier, String fijiFolder, String torchLibrary,
		String jniLibrary)
	{
		this.classifier = classifier;
		this.fijiFolder = fijiFolder;
		this.torchLibrary = torchLibrary;
		this.jniLibrary = jniLibrary;
	}

	/**
	 * DJL's name for the platform, the classifier of its
	 * {@code pytorch-native-cpu} jar.
	 */
	public String classifier() {
		return classifier;
	}

	/** The folder under Fiji's {@code jars/} for this platform's natives. */
	public String fijiFolder() {
		return fijiFolder;
	}

	/** The file name of libtorch's entry library, which DJL loads first. */
	public String torchLibrary() {
		return torchLibrary;
	}

	/**
	 * The file name of DJL's JNI bridge (in {@code pytorch-jni}, under
	 * {@code jnilib/<classifier>/cpu/}).
	 */
	public String jniLibrary() {
		return jniLibrary;
	}

	/**
	 * This JVM's platform; an {@link EngineUnavailableException} naming it and
	 * the way out when none is shipped.
	 */
	public static NativePlatform current() {
		return of(System.getProperty("os.name"), System.getProperty("os.arch"));
	}

	/**
	 * The platform of a JVM reporting {@code osName} and {@code osArch} (Java's
	 * os.name, os.arch).
	 */
	public static NativePlatform of(String osName,
		String osArch)
	{String os=osName.toLowerCase(Locale.ROOT);String arch=switch(osArch.toLowerCase(Locale.ROOT)){case"amd64","x86_64","x64"->"x86_64";case"aarch64","arm64"->"aarch64";default->osArch;};String prefix=os.startsWith("linux")?"linux":os.startsWith("mac")?"osx":os.startsWith("windows")?"win":os;for(NativePlatform platform:values())if(platform.classifier.equals(prefix+"-"+arch))return platform;throw new EngineUnavailableException("Rosetta Neurons ships PyTorch 2.7.1 for "+supported()+", not for "+osName+" "+osArch+". On this machine point PYTORCH_LIBRARY_PATH at a libtorch 2.7.1 built for it.",null);}

	/**
	 * The classifiers of the DJL native jars {@code loader} offers, in class path
	 * order.
	 */
	public static List<String> bundledIn(ClassLoader loader) {
		List<String> classifiers = new ArrayList<>();
		try {
			for (URL url : Collections.list(loader.getResources(
				DJL_NATIVE_PROPERTIES)))
			{
				Properties properties = new Properties();
				try (InputStream in = url.openStream()) {
					properties.load(in);
				}
				classifiers.add(properties.getProperty("classifier", "?"));
			}
		}
		catch (IOException e) {
			throw new EngineUnavailableException(
				"Could not read the PyTorch natives on the class path: " + e
					.getMessage(), e);
		}
		return classifiers;
	}

	/**
	 * Checks that {@code loader} offers this platform's natives, or says which
	 * jar to install where.
	 */
	public void requireBundledIn(ClassLoader loader) {
		List<String> bundled = bundledIn(loader);
		if (bundled.contains(classifier)) return;
		String jar = "pytorch-native-cpu-2.7.1-" + classifier + ".jar";
		throw new EngineUnavailableException("The PyTorch natives for this " +
			classifier + " machine are missing" + (bundled.isEmpty() ? ""
				: " (found only " + String.join(", ", bundled) + ")") + ". Install " +
			jar + " into Fiji.app/jars/" + fijiFolder +
			"/ (the Rosetta Neurons update site does so), into " +
			"ImageJ/plugins/jars/, or next to the jar in lib/ (mvn package on this machine).",
			null);
	}

	private static String supported() {
		return Arrays.stream(values()).map(NativePlatform::classifier).collect(
			Collectors.joining(", "));
	}
}
