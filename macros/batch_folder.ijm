// Batch over a folder, resumable: activations of every image for every model, then Rosetta Neurons over the
// folder. An image whose results exist is skipped, so running the macro again after a crash (or after adding
// images) does only what is missing; nothing is ever overwritten. A summary table lists each item.
// Argument (all optional): "root=[<repo>] input=[<images>] output=[<results>]"; defaults: the sample images,
// and rosetta-batch/ in ImageJ's temporary folder. Headless:
//   xvfb-run -a java -Dplugins.dir=<ImageJ folder> -cp ij.jar ij.ImageJ -batch macros/batch_folder.ijm "root=[<repo>]"
// The command-line batch (java -jar Rosetta_Neurons.jar batch ...) does the same with a log and exit codes.
argument = getArgument();
root = option(argument, "root", getDirectory("cwd"));
input = option(argument, "input", root + "sample-data/v2/images/");
output = option(argument, "output", getDirectory("temp") + "rosetta-batch/");
models = newArray("resnet-scenes", "vit-scenes");
layers = newArray("layer3", "blocks.2");
zoo = root + "sample-data/v2/zoo/";
setBatchMode(true);
File.makeDirectory(output);
File.makeDirectory(output + "extract/");
Table.create("Batch summary");
files = getFileList(input);
for (i = 0; i < files.length; i++) {
	if (!isImage(files[i])) continue;
	for (m = 0; m < models.length; m++) {
		item = models[m] + "/" + files[i]; // (ImageJ cannot pass "array[i] + ..." straight to a function)
		folder = output + "extract/" + item + "/";
		// the command writes its TIFF only once it is complete, so its presence means "finished"
		if (File.exists(folder + models[m] + "_" + layers[m] + ".tif")) {
			record("extract", item, "skipped");
			continue;
		}
		File.makeDirectory(output + "extract/" + models[m] + "/");
		open(input + files[i]);
		run("Extract Activations", "model=[" + zoo + models[m] + "] image=[" + files[i] + "] layers=" + layers[m] + " unit=-1 opacity=0.5 lut=fire output=[" + folder + "]");
		close("*");
		record("extract", item, "done");
	}
}
if (File.exists(output + "mine/dictionary.csv")) record("mine", "rosetta", "skipped");
else {
	run("Mine Rosetta Neurons", "anchor=[" + zoo + models[0] + "] models=[" + zoo + models[1] + "] folder=[" + input + "] samples=1 seed=0 category=-1 batch=8 rule=relaxed_top_n minimum=0.0 examples=2 output=[" + output + "mine/]");
	close("*");
	record("mine", "rosetta", "done");
}
Table.update("Batch summary");
Table.save(output + "summary-macro.csv", "Batch summary");
print("batch: " + count("done") + " done, " + count("skipped") + " skipped; results in " + output);

function option(text, key, fallback) {
	if (text != "" && indexOf(text, "=") < 0 && key == "root") value = text; // a bare argument is the repository
	else {
		start = indexOf(text, key + "=[");
		if (start < 0) return fallback;
		start = start + lengthOf(key) + 2;
		value = substring(text, start, indexOf(text, "]", start));
	}
	if (!endsWith(value, "/")) value = value + "/";
	return value;
}

function isImage(name) {
	lower = toLowerCase(name);
	return endsWith(lower, ".png") || endsWith(lower, ".tif") || endsWith(lower, ".tiff") || endsWith(lower, ".jpg");
}

function record(step, item, status) {
	row = Table.size("Batch summary");
	Table.set("step", row, step, "Batch summary");
	Table.set("item", row, item, "Batch summary");
	Table.set("status", row, status, "Batch summary");
}

function count(status) {
	n = 0;
	for (r = 0; r < Table.size("Batch summary"); r++) if (Table.getString("status", r, "Batch summary") == status) n++;
	return n;
}
