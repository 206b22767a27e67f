// Unit Browser on sample world v2: which units of the ResNet and the ViT stand out on the wall of the purple
// house of scene_0 (71, 56), with the heatmap of the strongest one overlaid on the image. From the menu
// (Plugins>Rosetta Neurons>Unit Browser with x and y left at -1) the browser stays open: click the image to
// ask about another point, click a table row to overlay that unit.
//   xvfb-run -a java -Dplugins.dir=<ImageJ folder> -cp ij.jar ij.ImageJ -batch macros/unit_browser.ijm <repo>
root = getArgument();
if (root == "") root = getDirectory("cwd");
if (!endsWith(root, "/")) root = root + "/";
zoo = root + "sample-data/v2/zoo/";
setBatchMode(true);
open(root + "sample-data/v2/images/scene_0.png");
run("Unit Browser", "image=scene_0.png models=[" + zoo + "resnet-scenes," + zoo + "vit-scenes] top=3 x=71 y=56 opacity=0.5 lut=fire");
for (row = 0; row < Table.size("Unit Browser"); row++)
	print(Table.getString("model", row, "Unit Browser") + " " + Table.getString("layer", row, "Unit Browser") + " unit " + Table.get("unit", row, "Unit Browser") + ": z = " + d2s(Table.get("z", row, "Unit Browser"), 2));
selectImage("scene_0.png");
print("overlay: " + Overlay.size + " heatmap");
