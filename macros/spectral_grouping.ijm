// Spectral Grouping on sample world v2: eigenvectors of three ResNet layers' kNN graphs, fitted jointly,
// as a hyperstack (components as channels), a PCA colour image, a segment label image and a colour overlay.
// Run from Fiji (Plugins>Macros>Run...) with the Rosetta Neurons folder as working directory, or headless:
//   xvfb-run -a java -Dplugins.dir=<ImageJ folder> -cp ij.jar ij.ImageJ -batch macros/spectral_grouping.ijm <repo>
root = getArgument();
if (root == "") root = getDirectory("cwd");
if (!endsWith(root, "/")) root = root + "/";
setBatchMode(true);
open(root + "sample-data/v2/images/scene_0.png");
run("Spectral Grouping", "model=[" + root + "sample-data/v2/zoo/resnet-scenes] image=scene_0.png layers=layer2,layer3,layer4 graph=knn eigenvectors=4 steps=100 segments=2 seed=0 opacity=0.5");
selectImage("resnet-scenes spectral eigenvectors");
Stack.getDimensions(width, height, components, slices, frames);
print("eigenvectors: " + components + " components of " + width + "x" + height);
selectImage("resnet-scenes spectral segments");
getMinAndMax(low, high);
getStatistics(area, mean, min, max);
print("segments: " + (max + 1) + " labels on " + getWidth() + "x" + getHeight());
selectImage("scene_0.png");
print("overlay: " + Overlay.size);
