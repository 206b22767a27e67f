// Unit Browser on the sample world: which units of the ResNet and the ViT stand out at the centre of the red
// circle of scene_0 (34, 20), with the heatmap of the strongest one overlaid on the image. From the menu
// (Plugins>Rosetta Neurons>Unit Browser with x and y left at -1) the browser stays open: click the image to
// ask about another point, click a table row to overlay that unit.
//   xvfb-run -a java -Dplugins.dir=<ImageJ folder> -cp ij.jar ij.ImageJ -batch macros/unit_browser.ijm <repo>
root = getArgument();
if (root == "") root = getDirectory("cwd");
if (!endsWith(root, "/")) root = root + "/";
zoo = root + "sample-data/zoo/";
setBatchMode(true);
open(root + "sample-data/images/scene_0.png");
run("Unit Browser", "image=scene_0.png models=[" + zoo + "resnet-shapes," + zoo + "vit-shapes] top=3 x=34 y=20 opacity=0.5 lut=fire");
for (row = 0; row < Table.size("Unit Browser"); row++)
	print(Table.getString("model", row, "Unit Browser") + " " + Table.getString("layer", row, "Unit Browser") + " unit " + Table.get("unit", row, "Unit Browser") + ": z = " + d2s(Table.get("z", row, "Unit Browser"), 2));
selectImage("scene_0.png");
print("overlay: " + Overlay.size + " heatmap");
