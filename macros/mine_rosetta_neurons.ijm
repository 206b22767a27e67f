// Mine Rosetta Neurons on zoo v2: the scene generator is the anchor (the paper's setting), its seeded
// samples the images; the dictionary opens as a results table, the top neurons as a picture, and every file
// (dictionary.csv, score tables, pictures, reusable sums) goes to the output folder, which must be new or empty.
// Then show neuron R1 on a real image for every model that reads images.
// Headless: xvfb-run -a java -Dplugins.dir=<ImageJ folder> -cp ij.jar ij.ImageJ -batch macros/mine_rosetta_neurons.ijm <repo>
root = getArgument();
if (root == "") root = getDirectory("cwd");
if (!endsWith(root, "/")) root = root + "/";
zoo = root + "sample-data/v2/zoo/";
out = getDirectory("temp") + "rosetta-mining-" + d2s(getTime(), 0) + "/";
setBatchMode(true);
run("Mine Rosetta Neurons", "anchor=[" + zoo + "scene-generator] models=[" + zoo + "resnet-scenes," + zoo + "vit-scenes," + zoo + "context-encoder] samples=96 seed=0 category=-1 batch=16 rule=relaxed_top_n minimum=0.0 examples=4 output=[" + out + "]");
print("Rosetta neurons: " + (Table.size("Rosetta dictionary") / 4));
open(root + "sample-data/v2/images/scene_0.png");
run("Show Rosetta Neuron", "dictionary=[" + out + "dictionary.csv] neuron=1 image=scene_0.png models=[" + zoo + "resnet-scenes," + zoo + "vit-scenes," + zoo + "context-encoder] opacity=0.5 lut=fire");
print("heatmaps: " + nSlices + " models; output in " + out);
