// Describe Neurons (Describe-and-Dissect) on zoo v2: the first eight units of the ResNet's layer2, probed
// with the concept set's images; candidates from the concept set's masks (no language model needed), concept
// images retrieved from the concept set, image similarity from the layer's own features. The descriptions open as
// the "Neuron descriptions" table (unit, description, score, labels 2-3, candidates, backend) and the panels of
// top images, heatmaps and crops as a stack; both are saved to a new output folder.
// Add encoder=[<package>] (an image-text encoder, e.g. sample-data/v2/describe/scene-clip), captioner=[<package>],
// words=[<file>] or generator=[<package>] to use other backends (docs/describe.md).
// Headless: xvfb-run -a java -Dplugins.dir=<ImageJ folder> -cp ij.jar ij.ImageJ -batch macros/describe_neurons.ijm <repo>
root = getArgument();
if (root == "") root = getDirectory("cwd");
if (!endsWith(root, "/")) root = root + "/";
out = getDirectory("temp") + "describe-neurons-" + d2s(getTime(), 0) + "/";
setBatchMode(true);
run("Describe Neurons", "model=[" + root + "sample-data/v2/zoo/resnet-scenes] layer=layer2 units=0-7 concepts=[" + root + "sample-data/v2/concepts] images=10 crops=4 pooling=mean heatmap=min_max scoring=topk_compare batch=32 output=[" + out + "]");
for (row = 0; row < Table.size("Neuron descriptions"); row++)
	print("unit " + Table.get("unit", row, "Neuron descriptions") + ": " + Table.getString("description", row, "Neuron descriptions") + " (" + d2s(Table.get("score", row, "Neuron descriptions"), 3) + ")");
print("panels: " + nSlices + " units; output in " + out);
