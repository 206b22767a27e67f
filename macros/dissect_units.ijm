// Dissect Units (Network Dissection) on sample world v2: every unit of two ResNet layers is matched with the
// concept (colour, shape, part, texture) of the Broden-format concept set that its top activations overlap best,
// at the reference's quantile (each unit keeps its top 0.5 %). The table opens as "Dissection"; tally.csv per
// layer and report.html with image strips and bar graphs go to the output folder, which must be new or empty.
// Headless: xvfb-run -a java -Dplugins.dir=<ImageJ folder> -cp ij.jar ij.ImageJ -batch macros/dissect_units.ijm <repo>
root = getArgument();
if (root == "") root = getDirectory("cwd");
if (!endsWith(root, "/")) root = root + "/";
out = getDirectory("temp") + "dissection-" + d2s(getTime(), 0) + "/";
setBatchMode(true);
run("Dissect Units", "model=[" + root + "sample-data/v2/zoo/resnet-scenes] concepts=[" + root + "sample-data/v2/concepts] layers=layer1,layer4 quantile=0.005 level=reference union=lite iou=0.04 top=5 batch=32 output=[" + out + "]");
interpretable = 0;
for (row = 0; row < Table.size("Dissection"); row++)
	if (Table.get("interpretable", row, "Dissection") == 1 && Table.getString("layer", row, "Dissection") == "layer4") interpretable++;
print("layer4 interpretable units: " + interpretable);
print("best layer4 unit: " + Table.getString("label", 16, "Dissection") + " " + d2s(Table.get("iou", 16, "Dissection"), 3));
print("report: " + out + "report.html");
