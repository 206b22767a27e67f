// Extract Activations on sample world v2: activations of two ResNet layers as hyperstacks
// (units as channels) and a heatmap of unit 3 of layer3 over the input image.
// Run from Fiji (Plugins>Macros>Run...) with the Rosetta Neurons folder as working directory, or headless:
//   xvfb-run -a java -Dplugins.dir=<ImageJ folder> -cp ij.jar ij.ImageJ -batch macros/extract_activations.ijm <repo>
root = getArgument();
if (root == "") root = getDirectory("cwd");
if (!endsWith(root, "/")) root = root + "/";
setBatchMode(true);
open(root + "sample-data/v2/images/scene_0.png");
run("Extract Activations", "model=[" + root + "sample-data/v2/zoo/resnet-scenes] image=scene_0.png layers=layer3,layer4 unit=3 opacity=0.5 lut=fire");
selectImage("resnet-scenes layer3");
Stack.getDimensions(width, height, units, slices, frames);
print("layer3: " + units + " units of " + width + "x" + height);
