"""Tiny BioImage.IO model packages for the tests: a 2-D U-Net-like network (1 channel in, a sigmoid map out) in
the 0.5 layout with `pytorch_state_dict` weights (architecture source file, callable and kwargs), the same in the
0.4 layout, and a TorchScript package with only `forward` and no config.rosetta.

Run as a script to (re)write the Java tests' packages under src/test/resources/bioimageio/: forward-only (as
BioImage.IO ships TorchScript models) and converted (the 0.5 package after tools/export_model.py --bioimageio):
    /usr/bin/python3 tools/bioimageio_examples.py
"""

import contextlib
import io
import os
import shutil
import sys

import numpy as np
import torch
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_model  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAVA_RESOURCES = os.path.join(ROOT, "src", "test", "resources", "bioimageio")
ARCHITECTURE_FILE = "tiny_unet.py"
ARCHITECTURE = '''import torch
import torch.nn as nn


class TinyUNet(nn.Module):
    """One level of a U-Net: a conv block, a pooled block, upsampling, a skip connection, a sigmoid map."""

    def __init__(self, channels=1, width=4):
        super().__init__()
        self.down = nn.Sequential(nn.Conv2d(channels, width, 3, padding=1), nn.ReLU())
        self.bottom = nn.Sequential(nn.MaxPool2d(2), nn.Conv2d(width, 2 * width, 3, padding=1), nn.ReLU())
        self.up = nn.Upsample(scale_factor=2.0, mode="nearest")
        self.head = nn.Conv2d(3 * width, 1, 1)

    def forward(self, x):
        features = self.down(x)
        return torch.sigmoid(self.head(torch.cat([features, self.up(self.bottom(features))], dim=1)))
'''
KWARGS = {"channels": 1, "width": 4}
SIZE = 32
AUTHORS = [{"name": "Rosetta Neurons for Fiji developers"}]
CITE = [{"text": "Ronneberger, Fischer, Brox: U-Net (MICCAI 2015)", "doi": "10.1007/978-3-319-24574-4_28"}]


def _network(folder: str):
    with open(os.path.join(folder, ARCHITECTURE_FILE), "w") as handle:
        handle.write(ARCHITECTURE)
    namespace = {}
    exec(compile(ARCHITECTURE, ARCHITECTURE_FILE, "exec"), namespace)
    torch.manual_seed(3)
    return namespace["TinyUNet"](**KWARGS).eval()


def _test_tensors(folder: str, network):
    """A seeded test image (1, 1, SIZE, SIZE) on [0, 1] and forward's output on it after per-image standardisation."""
    pixels = torch.rand(1, 1, SIZE, SIZE, generator=torch.Generator().manual_seed(4))
    steps = export_model.normalisation_steps(None, None, per_sample=True)
    with torch.no_grad():
        output = network(export_model.preprocess(pixels, steps))
    np.save(os.path.join(folder, "test-input.npy"), pixels.numpy())
    np.save(os.path.join(folder, "test-output.npy"), output.numpy())


def _readme(folder: str, name: str):
    with open(os.path.join(folder, "README.md"), "w") as handle:
        handle.write("# %s\n\nA tiny U-Net-like test network.\n\n## Validation\n\n"
                     "test-input.npy gives test-output.npy.\n" % name)


def _write(folder: str, manifest: dict):
    with open(os.path.join(folder, "rdf.yaml"), "w") as handle:
        yaml.safe_dump(manifest, handle, sort_keys=False, default_flow_style=None, width=120)


def _common(folder: str, name: str, format_version: str) -> dict:
    _readme(folder, name)
    return {"format_version": format_version, "type": "model", "name": name,
            "description": "A tiny U-Net-like network (test package).", "authors": AUTHORS, "cite": CITE,
            "license": "MIT", "documentation": "README.md"}


def _axes_05(size) -> list:
    return [{"type": "batch"}, {"type": "channel", "channel_names": ["raw"]},
            {"type": "space", "id": "y", "size": size}, {"type": "space", "id": "x", "size": size}]


def _tensors_05(folder: str, input_size) -> dict:
    def file(source):
        return {"source": source, "sha256": export_model.sha256_of(os.path.join(folder, source))}
    return {
        "inputs": [{"id": "raw", "axes": _axes_05(input_size), "test_tensor": file("test-input.npy"),
                    "data": {"type": "float32"},
                    "preprocessing": [{"id": "ensure_dtype", "kwargs": {"dtype": "float32"}},
                                      {"id": "zero_mean_unit_variance", "kwargs": {"axes": ["channel", "y", "x"]}}]}],
        "outputs": [{"id": "mask", "axes": [{"type": "batch"}, {"type": "channel", "channel_names": ["foreground"]},
                                            {"type": "space", "id": "y", "size": {"tensor_id": "raw", "axis_id": "y"}},
                                            {"type": "space", "id": "x", "size": {"tensor_id": "raw", "axis_id": "x"}}],
                     "test_tensor": file("test-output.npy")}],
    }


def _state_dict_and_test_tensors(folder: str) -> None:
    os.makedirs(folder, exist_ok=True)
    network = _network(folder)
    torch.save(network.state_dict(), os.path.join(folder, "weights.pt"))
    _test_tensors(folder, network)


def state_dict_package_05(folder: str, name: str = "tiny-unet") -> str:
    """A 0.5 package with pytorch_state_dict weights; the input size is parameterized as BioImage.IO U-Nets are."""
    _state_dict_and_test_tensors(folder)
    manifest = _common(folder, name, "0.5.4")
    manifest.update(_tensors_05(folder, {"min": 16, "step": 16}))
    manifest["weights"] = {"pytorch_state_dict": {
        "source": "weights.pt", "sha256": export_model.sha256_of(os.path.join(folder, "weights.pt")),
        "architecture": {"source": ARCHITECTURE_FILE, "callable": "TinyUNet", "kwargs": KWARGS,
                         "sha256": export_model.sha256_of(os.path.join(folder, ARCHITECTURE_FILE))},
        "pytorch_version": torch.__version__.split("+")[0]}}
    _write(folder, manifest)
    return folder


def state_dict_package_04(folder: str, name: str = "tiny-unet") -> str:
    """The same network in the 0.4 layout: axes strings, shapes, tensor names, test_inputs/test_outputs."""
    _state_dict_and_test_tensors(folder)
    manifest = _common(folder, name, "0.4.10")
    manifest.update({
        "inputs": [{"name": "raw", "axes": "bcyx", "data_type": "float32", "shape": {"min": [1, 1, 16, 16],
                                                                                     "step": [0, 0, 16, 16]},
                    "preprocessing": [{"name": "zero_mean_unit_variance",
                                       "kwargs": {"mode": "per_sample", "axes": "cyx"}}]}],
        "outputs": [{"name": "mask", "axes": "bcyx", "data_type": "float32",
                     "shape": {"reference_tensor": "raw", "scale": [1, 1, 1, 1], "offset": [0, 0, 0, 0]}}],
        "test_inputs": ["test-input.npy"], "test_outputs": ["test-output.npy"],
        "weights": {"pytorch_state_dict": {
            "source": "weights.pt", "sha256": export_model.sha256_of(os.path.join(folder, "weights.pt")),
            "architecture": "%s:TinyUNet" % ARCHITECTURE_FILE, "kwargs": KWARGS,
            "architecture_sha256": export_model.sha256_of(os.path.join(folder, ARCHITECTURE_FILE))}},
    })
    _write(folder, manifest)
    return folder


def forward_only_package(folder: str, name: str = "tiny-unet-torchscript") -> str:
    """A 0.5 package as BioImage.IO ships TorchScript models: `forward` only, no config.rosetta, fixed size."""
    os.makedirs(folder, exist_ok=True)
    network = _network(folder)
    os.remove(os.path.join(folder, ARCHITECTURE_FILE))
    with torch.no_grad():
        traced = torch.jit.trace(network, torch.zeros(1, 1, SIZE, SIZE))
    torch.jit.save(traced, os.path.join(folder, "weights.pt"))
    _test_tensors(folder, network)
    manifest = _common(folder, name, "0.5.4")
    manifest.update(_tensors_05(folder, SIZE))
    manifest["weights"] = {"torchscript": {"source": "weights.pt",
                                           "sha256": export_model.sha256_of(os.path.join(folder, "weights.pt")),
                                           "pytorch_version": torch.__version__.split("+")[0]}}
    _write(folder, manifest)
    return folder


def main():
    torch.set_num_threads(2)
    shutil.rmtree(JAVA_RESOURCES, ignore_errors=True)
    forward_only_package(os.path.join(JAVA_RESOURCES, "forward-only"))
    source = state_dict_package_05(os.path.join(JAVA_RESOURCES, "state-dict"))
    with contextlib.redirect_stdout(io.StringIO()):
        export_model.convert_bioimageio_package(source, os.path.join(JAVA_RESOURCES, "converted"),
                                                layers=["down", "bottom"])
    shutil.rmtree(source)
    print("wrote %s" % JAVA_RESOURCES)


if __name__ == "__main__":
    main()
