// Inversion on zoo v2: mine the scene generator against the trained ResNet, invert a real image (scene_1, three
// trees: class 1) into the generator through the ResNet's view of it, then shift a generator sample a quarter of
// the width to the right through its Rosetta units. Each run shows the result, the trajectory (one slice per saved
// step), the loss curve and the "Inversion losses" table. Category 0 instead of 1 would carry the trees' layout
// over to houses (cross-class alignment).
// Headless: xvfb-run -a java -Dplugins.dir=<ImageJ folder> -cp ij.jar ij.ImageJ -batch macros/invert_image.ijm <repo>
root = getArgument();
if (root == "") root = getDirectory("cwd");
if (!endsWith(root, "/")) root = root + "/";
zoo = root + "sample-data/v2/zoo/";
out = getDirectory("temp") + "rosetta-invert-" + d2s(getTime(), 0) + "/";
setBatchMode(true);
run("Mine Rosetta Neurons", "anchor=[" + zoo + "scene-generator] models=[" + zoo + "resnet-scenes] samples=128 seed=0 category=-1 batch=32 rule=strict_mutual minimum=0.0 examples=0 output=[" + out + "]");
dictionary = out + "dictionary.csv";
open(root + "sample-data/v2/images/scene_1.png");
run("Invert Image into Generator", "image=scene_1.png generator=[" + zoo + "scene-generator] model=[" + zoo + "resnet-scenes] dictionary=[" + dictionary + "] category=1 steps=60 rate=0.05 pixel=0.0 regulariser=0.0 seed=0 every=20");
last = Table.size("Inversion losses") - 1;
print("inverted: " + getTitle() + " " + getWidth() + "x" + getHeight() + ", loss " + Table.get("loss", 0, "Inversion losses") + " -> " + Table.get("loss", last, "Inversion losses"));
run("Edit Generated Image", "generator=[" + zoo + "scene-generator] dictionary=[" + dictionary + "] edit=shift amount=0.25 sample=0 second=1 category=0 steps=40 rate=0.05 regulariser=-1.0 seed=0 every=10");
selectImage("scene-generator shift trajectory");
setSlice(nSlices);
print("edited: trajectory of " + nSlices + " slices, the last " + getInfo("slice.label"));
