"""Export a PyTorch vision model as a Rosetta Neurons model package: a BioImage.IO 0.5 model (rdf.yaml, README.md,
test tensors) with TorchScript weights.pt.

The package format is described in docs/model-package.md and the exporter in docs/exporter.md. The exported
TorchScript module keeps the model's `forward` and adds `activations(x) -> Dict[str, Tensor]` (image models)
or `generate(z, y) -> Dict[str, Tensor]` (generators), which return the outputs of the chosen layers. Layers
are picked by module path (e.g. `layer3.1.conv2`, `blocks.11`) and captured with forward hooks while the
model is traced. Every export is verified: the saved file is reloaded and compared with the eager model.

Examples:
    python tools/export_model.py --torchvision resnet50 --layers layer1,layer2,layer3,layer4 --out resnet50
    python tools/export_model.py --torchvision vit_b_16 --random-weights \\
        --layers encoder.layers.encoder_layer_11 --out vit-b-16
    python tools/export_model.py --timm vit_small_patch16_224 --layers blocks.11 --out vit-s-16
    python tools/export_model.py --torchvision vit_b_16 --layers encoder.layers.encoder_layer_11 --qkv all \\
        --out vit-b-16-qkv
    python tools/export_model.py --module mypkg.models:build_model --state-dict best.pt \\
        --layers features.3,features.7 --input-size 128 --mean 0.5 --std 0.25 --out my-model
    python tools/export_model.py --bioimageio unet-package --layers down2,up1 --out unet-layers
    python tools/export_model.py --verify my-model
"""

import argparse
import getpass
import inspect
import hashlib
import importlib
import importlib.util
import math
import os
import re
import sys
import warnings
import zipfile
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
import yaml

FORMAT_VERSION = "0.5.4"
WEIGHTS_FILE = "weights.pt"
MANIFEST_FILE = "rdf.yaml"
DOCUMENTATION_FILE = "README.md"
IMAGE_CHANNELS = {1: ["gray"], 3: ["red", "green", "blue"]}
DEFAULT_CITE = [{"text": "Dravid, Gandelsman, Efros, Shocher: Rosetta Neurons: Mining the Common Units in a Model Zoo "
                         "(ICCV 2023), the method this package is made for", "url": "https://arxiv.org/abs/2306.09346"}]
IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]
RELATIVE_TOLERANCE = 1e-4
MAX_PREFIX_TOKENS = 16
VERIFY_BATCH = 2  # differs from the tracing batch (1) so that batch sizes baked into a trace are caught


class ExportError(Exception):
    """A problem with the model, the requested layers or the exported file, with what to do about it."""


@dataclass
class LayerInfo:
    """A captured layer as the manifest describes it."""
    name: str
    output: str
    shape: Tuple[int, ...]
    tokens: bool = False
    prefix_tokens: int = 0
    projection: Optional[str] = None  # "q", "k" or "v" for an attention projection (see attention_blocks)


PROJECTIONS = ("q", "k", "v")


def _fused_qkv(module: torch.nn.Module) -> bool:
    """timm-style attention (also the sample zoo's): one Linear `qkv` from dim to 3 * dim, split q | k | v."""
    qkv = getattr(module, "qkv", None)
    return isinstance(qkv, torch.nn.Linear) and qkv.out_features == 3 * qkv.in_features


def _packed_multihead(module: torch.nn.Module) -> bool:
    """torch.nn.MultiheadAttention with one packed in_proj_weight (torchvision's ViT)."""
    return isinstance(module, torch.nn.MultiheadAttention) and module.in_proj_weight is not None


def attention_blocks(model: torch.nn.Module) -> List[Tuple[str, torch.nn.Module]]:
    """(block path, attention module) of every transformer block whose q, k and v can be exported, in module order:
    blocks with a timm-style `attn.qkv` Linear (timm ViTs, the sample zoo's ViT) or a packed MultiheadAttention child
    (torchvision's `encoder.layers.encoder_layer_N.self_attention`)."""
    blocks = []
    for path, module in model.named_modules():
        for child in module.children():
            if path and (_fused_qkv(child) or _packed_multihead(child)):
                blocks.append((path, child))
                break
    return blocks


def qkv_layer_names(model: torch.nn.Module, blocks: str = "all") -> List[str]:
    """`<block>.q`, `<block>.k`, `<block>.v` of the chosen attention blocks: "all", or indices "0,3" counted in
    attention_blocks' order."""
    found = attention_blocks(model)
    if not found:
        raise ExportError("the model has no attention blocks with a qkv Linear or a packed MultiheadAttention; "
                          "--qkv works for torchvision and timm ViTs and models built like them")
    if blocks.strip() == "all":
        chosen = found
    else:
        try:
            chosen = [found[int(index)] for index in blocks.split(",") if index.strip()]
        except (ValueError, IndexError):
            raise ExportError("--qkv takes 'all' or block indices from 0 to %d, not '%s'" % (len(found) - 1, blocks))
    return ["%s.%s" % (path, part) for path, _ in chosen for part in PROJECTIONS]


class _OutputTap:
    """Records what a forward hook on `module` computes from its output."""

    def __init__(self, module, output_of):
        self.module, self.output_of = module, output_of

    def attach(self, record):
        return self.module.register_forward_hook(lambda module, inputs, output: record(self.output_of(output)))


class _ArgumentsTap:
    """Records what `compute(module, arguments)` gives from the arguments of each call, by name. Forward hooks of
    torch < 2 see only positional arguments, and torchvision calls its attention with keywords, so the module's
    forward is wrapped while the tap is attached."""

    def __init__(self, module, compute):
        self.module, self.compute = module, compute

    def attach(self, record):
        module, previous = self.module, self.module.__dict__.get("forward")
        original = module.forward
        signature = inspect.signature(type(module).forward)  # the class's: `original` may be another tap's wrapper

        def forward(*args, **kwargs):
            record(self.compute(module, signature.bind(module, *args, **kwargs).arguments))
            return original(*args, **kwargs)
        module.forward = forward
        return _Restore(module, previous)


class _Restore:
    def __init__(self, module, previous):
        self.module, self.previous = module, previous

    def remove(self):
        if self.previous is None:
            self.module.__dict__.pop("forward", None)
        else:
            self.module.forward = self.previous


def _projection_tap(model: torch.nn.Module, name: str):
    """A tap recording the q, k or v tokens (B, N, C) of the attention block `name` ends in, heads concatenated
    (channel = head * head_dim + j), or None when `name` is not `<attention block>.q|k|v`."""
    block, _, part = name.rpartition(".")
    if part not in PROJECTIONS:
        return None
    attention = dict(attention_blocks(model)).get(block)
    if attention is None:
        return None
    index = PROJECTIONS.index(part)
    if _fused_qkv(attention):
        for norm in ("q_norm", "k_norm"):
            if not isinstance(getattr(attention, norm, torch.nn.Identity()), torch.nn.Identity):
                raise ExportError("block '%s' normalises q and k after the qkv Linear (%s); its q/k cannot be "
                                  "exported as the Linear's output" % (block, norm))
        dim = attention.qkv.in_features
        return _OutputTap(attention.qkv, lambda output: output[..., index * dim:(index + 1) * dim])

    def project(module, arguments):
        dim = module.embed_dim
        tokens = arguments[("query", "key", "value")[index]]
        if not module.batch_first:
            tokens = tokens.transpose(0, 1)
        rows = slice(index * dim, (index + 1) * dim)
        bias = module.in_proj_bias[rows] if module.in_proj_bias is not None else None
        return torch.nn.functional.linear(tokens, module.in_proj_weight[rows], bias)
    return _ArgumentsTap(attention, project)


def _module_output(name):
    def output_of(output):
        if isinstance(output, (tuple, list)) and output and isinstance(output[0], torch.Tensor):
            output = output[0]  # e.g. attention modules returning (values, weights)
        if not isinstance(output, torch.Tensor):
            raise ExportError("layer '%s' returns %s, not a tensor; pick a module whose output is a tensor"
                              % (name, type(output).__name__))
        return output
    return output_of


class _LayerRecorder:
    """Registers forward hooks on named submodules for the duration of a `with` block and keeps their outputs.

    A module called more than once per forward pass (e.g. torchvision's shared `relu`) keeps its last output. A name
    `<attention block>.q|k|v` that is not a module records that block's projection (see attention_blocks).
    """

    def __init__(self, model: torch.nn.Module, names: Sequence[str]):
        self.taps = {}
        self.projections: Dict[str, str] = {}
        for name in names:
            tap = None if name in dict(model.named_modules()) else _projection_tap(model, name)
            if tap is None:
                tap = _OutputTap(find_module(model, name), _module_output(name))
            else:
                self.projections[name] = name.rpartition(".")[2]
            self.taps[name] = tap
        self.outputs: Dict[str, torch.Tensor] = {}
        self.calls: Dict[str, int] = {}
        self._handles = []

    def __enter__(self):
        self.outputs.clear()
        self.calls.clear()
        for name, tap in self.taps.items():
            self._handles.append(tap.attach(self._recorder(name)))
        return self

    def __exit__(self, *exc_info):
        for handle in reversed(self._handles):
            handle.remove()
        self._handles.clear()

    def _recorder(self, name):
        def record(output):
            self.outputs[name] = output
            self.calls[name] = self.calls.get(name, 0) + 1
        return record

    def collect(self, keys: Dict[str, str]) -> Dict[str, torch.Tensor]:
        missing = [name for name in keys if name not in self.outputs]
        if missing:
            raise ExportError("layer(s) %s did not run during the forward pass; pick modules that the model's "
                              "forward actually calls" % ", ".join(missing))
        return {key: self.outputs[name] for name, key in keys.items()}


def find_module(model: torch.nn.Module, name: str) -> torch.nn.Module:
    """The submodule at a dotted path, or an error listing the nearest available paths."""
    modules = dict(model.named_modules())
    if name in modules and name:
        return modules[name]
    parent = name.rsplit(".", 1)[0] if "." in name else ""
    siblings = [path for path in modules if path and path.startswith(parent) and path.count(".") == name.count(".")]
    hint = siblings[:12] or [path for path in modules if path and "." not in path]
    raise ExportError("the model has no module '%s'. Modules at that depth include: %s. "
                      "List all with: print([n for n, _ in model.named_modules()])" % (name, ", ".join(hint)))


class ActivationModel(torch.nn.Module):
    """Image model wrapper: forward is the model's own; activations returns the chosen layers by output key."""

    def __init__(self, model: torch.nn.Module, layers: Dict[str, str]):
        super().__init__()
        self.model = model
        self.layer_keys = dict(layers)
        self.recorder = _LayerRecorder(model, list(layers))

    def forward(self, x):
        return self.model(x)

    def activations(self, x):
        with self.recorder:
            self.model(x)
        return self.recorder.collect(self.layer_keys)


class GeneratorModel(torch.nn.Module):
    """Generator wrapper: forward(z, y) is the generator's own; generate returns the image and the layers."""

    def __init__(self, generator: torch.nn.Module, layers: Dict[str, str], image_output: str = "image"):
        super().__init__()
        if image_output in layers.values():
            raise ExportError("output key '%s' is used for the image; give the layer another key" % image_output)
        self.generator = generator
        self.layer_keys = dict(layers)
        self.image_output = image_output
        self.recorder = _LayerRecorder(generator, list(layers))

    def forward(self, z, y):
        return self.generator(z, y)

    def generate(self, z, y):
        with self.recorder:
            image = self.generator(z, y)
        outputs = {self.image_output: image}
        outputs.update(self.recorder.collect(self.layer_keys))
        return outputs


def token_grid(token_count: int, height: int, width: int) -> Optional[Tuple[int, int, int]]:
    """(prefix, h, w) with token_count = prefix + h * w and h:w = height:width, smallest prefix first."""
    for prefix in range(0, min(MAX_PREFIX_TOKENS, token_count - 1) + 1):
        patches = token_count - prefix
        rows = math.isqrt(patches * height // width) if patches * height % width == 0 else 0
        for grid_rows in (rows, rows + 1):
            if grid_rows > 0 and patches % grid_rows == 0 and grid_rows * width == (patches // grid_rows) * height:
                return prefix, grid_rows, patches // grid_rows
    return None


def describe_layers(outputs: Dict[str, torch.Tensor], layers: Dict[str, str], input_hw: Tuple[int, int],
                    prefix_tokens: Optional[int] = None, projections: Optional[Dict[str, str]] = None
                    ) -> List[LayerInfo]:
    """Manifest entries from one activations call: 4-D maps are (B, C, h, w); 3-D (B, N, C) are tokens;
    projections maps layer names to q, k or v."""
    described = []
    for name, key in layers.items():
        shape = tuple(outputs[key].shape)
        info = LayerInfo(name, key, shape, projection=(projections or {}).get(name))
        if len(shape) == 3:
            grid = token_grid(shape[1], *input_hw)
            if prefix_tokens is not None:
                info.tokens, info.prefix_tokens = True, prefix_tokens
            elif grid is None:
                raise ExportError("layer '%s' gives %s, which is not (B, prefix + h*w, C) tokens for a %dx%d "
                                  "input; pass --prefix-tokens or pick another layer" % ((name, shape) + input_hw))
            else:
                info.tokens, info.prefix_tokens = True, grid[0]
        elif len(shape) != 4:
            raise ExportError("layer '%s' gives shape %s; the plugin needs (B, C, h, w) feature maps or "
                              "(B, N, C) tokens" % (name, shape))
        described.append(info)
    return described


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------- the package's manifest (BioImage.IO 0.5)

@dataclass
class TensorSpec:
    """One input or output tensor as the manifest describes it, with its test value (batch 1)."""
    id: str
    axes: list
    test_value: np.ndarray
    description: str = ""
    data: Optional[dict] = None
    preprocessing: list = field(default_factory=list)


def channel_names(count: int, names: Optional[Sequence[str]] = None) -> List[str]:
    """BioImage.IO channel names: the given ones when they are distinct identifiers, else channel0, channel1, ..."""
    if names and len(names) == count and len(set(names)) == count and all(str(n).isidentifier() for n in names):
        return [str(n) for n in names]
    return ["channel%d" % i for i in range(count)]


def image_axes(channels: int, height: int, width: int) -> list:
    names = channel_names(channels, IMAGE_CHANNELS.get(channels))
    return [{"type": "batch"}, {"type": "channel", "channel_names": names},
            {"type": "space", "id": "y", "size": int(height)}, {"type": "space", "id": "x", "size": int(width)}]


def output_axes(shape: Sequence[int], names: Optional[Sequence[str]] = None) -> list:
    """Axes of a model output from its shape: (B, K) scores, (B, C, h, w) maps, (B, N, C) tokens, else index axes."""
    batch = [{"type": "batch"}]
    if len(shape) == 2:
        return batch + [{"type": "channel", "channel_names": channel_names(shape[1], names)}]
    if len(shape) == 4:
        return batch + [{"type": "channel", "channel_names": channel_names(shape[1])},
                        {"type": "space", "id": "y", "size": int(shape[2])},
                        {"type": "space", "id": "x", "size": int(shape[3])}]
    if len(shape) == 3:
        return batch + [{"type": "index", "size": int(shape[1])},
                        {"type": "channel", "channel_names": channel_names(shape[2])}]
    return batch + [{"type": "index", "id": "index%d" % i, "size": int(size)} for i, size in enumerate(shape[1:])]


def normalisation_steps(mean: Optional[Sequence[float]], std: Optional[Sequence[float]],
                        per_sample: bool = False) -> list:
    """The preprocessing the plugin applies after scaling pixels to [0, 1], as BioImage.IO 0.5 steps."""
    steps = []
    if per_sample:
        steps.append({"id": "zero_mean_unit_variance", "kwargs": {"axes": ["channel", "y", "x"]}})
    if mean is not None:
        steps.append({"id": "fixed_zero_mean_unit_variance",
                      "kwargs": {"mean": [float(v) for v in mean], "std": [float(v) for v in std], "axis": "channel"}})
    return steps


def preprocess(pixels: torch.Tensor, steps: Sequence[dict]) -> torch.Tensor:
    """Applies normalisation_steps to (B, C, H, W) pixels on [0, 1], as the plugin does."""
    x = pixels.float()
    for step in steps:
        if step["id"] == "zero_mean_unit_variance":
            flat = x.reshape(x.shape[0], -1)
            centred = flat - flat.mean(dim=1, keepdim=True)
            x = (centred / (centred.pow(2).mean(dim=1, keepdim=True).sqrt() + 1e-6)).reshape(x.shape)
        else:
            view = (1, -1, 1, 1)
            x = (x - torch.tensor(step["kwargs"]["mean"]).view(view)) / torch.tensor(step["kwargs"]["std"]).view(view)
    return x


def check_name(name: str) -> None:
    """BioImage.IO model names: 5 to 128 letters, digits, spaces and _+-()."""
    if not (5 <= len(name) <= 128 and re.fullmatch(r"[A-Za-z0-9_+\- ()]+", name)):
        raise ExportError("name '%s' is not a BioImage.IO model name: use 5 to 128 letters, digits, spaces or _+-() "
                          "(pass --name)" % name)


def _author_entries(authors: Optional[Sequence]) -> list:
    if not authors:
        return [{"name": getpass.getuser()}]
    return [dict(a) if isinstance(a, dict) else {"name": str(a)} for a in authors]


def _readme(name, description, role, inputs, outputs, layers: Sequence[LayerInfo]) -> str:
    lines = ["# %s" % name, "", description or name, "",
             "A Rosetta Neurons for Fiji model package (role: %s), written by tools/export_model.py. The TorchScript "
             "file `%s` keeps the network's `forward`; the plugin reads the layers below from its `%s` method."
             % (role, WEIGHTS_FILE, "generate" if role == "generator" else "activations"), "",
             "## Tensors", ""]
    for kind, tensors in (("input", inputs), ("output", outputs)):
        for tensor in tensors:
            lines.append("- %s `%s`: %s, shape %s, test tensor `%s`" % (
                kind, tensor.id, tensor.description or tensor.id, list(tensor.test_value.shape),
                test_tensor_file(tensor)))
    lines += ["", "## Layers", "", "| layer | output key | shape (batch 1) |", "| --- | --- | --- |"]
    lines += ["| %s | %s | %s%s |" % (layer.name, layer.output, list(layer.shape), ", tokens" if layer.tokens else "")
              for layer in layers]
    lines += ["", "## Validation", "",
              "The test inputs, preprocessed as the manifest says and run through `forward`, give the test outputs "
              "to 1e-4 (relative to max(1, |largest value|)). Check with `python tools/export_model.py --verify "
              "<package>`.", ""]
    return "\n".join(lines)


def test_tensor_file(tensor: TensorSpec) -> str:
    return "test-%s.npy" % tensor.id


def write_manifest(out_dir: str, *, name: str, description: str, license_id: str, role: str,
                   layers: Sequence[LayerInfo], inputs: Sequence[TensorSpec], outputs: Sequence[TensorSpec],
                   classes: Optional[Sequence[str]] = None, generator: Optional[dict] = None,
                   authors: Optional[Sequence] = None, cite: Optional[Sequence[dict]] = None,
                   pytorch_version: Optional[str] = None) -> dict:
    """Writes rdf.yaml (BioImage.IO 0.5 with the plugin's fields under config.rosetta), the test tensors and
    README.md next to weights.pt. `layers` is the plugin's layer list, in network order. Returns the manifest."""
    check_name(name)
    for tensor in list(inputs) + list(outputs):
        np.save(os.path.join(out_dir, test_tensor_file(tensor)), tensor.test_value)
    with open(os.path.join(out_dir, DOCUMENTATION_FILE), "w") as handle:
        handle.write(_readme(name, description, role, inputs, outputs, layers))

    def tensor_entry(tensor: TensorSpec, kind: str) -> dict:
        entry = {"id": tensor.id}
        if tensor.description:
            entry["description"] = tensor.description
        entry["axes"] = tensor.axes
        source = test_tensor_file(tensor)
        entry["test_tensor"] = {"source": source, "sha256": sha256_of(os.path.join(out_dir, source))}
        if tensor.data:
            entry["data"] = tensor.data
        if tensor.preprocessing:
            entry["preprocessing" if kind == "inputs" else "postprocessing"] = tensor.preprocessing
        return entry

    rosetta = {"role": role}
    if role != "generator":
        rosetta["activations_method"] = "activations"
    if classes:
        rosetta["classes"] = [str(c) for c in classes]
    rosetta["layers"] = [_layer_entry(layer) for layer in layers]
    if generator:
        rosetta["generator"] = generator
    manifest = {
        "format_version": FORMAT_VERSION,
        "type": "model",
        "name": name,
        "description": description or name,
        "authors": _author_entries(authors),
        "cite": [dict(c) for c in cite] if cite else list(DEFAULT_CITE),
        "license": license_id,
        "documentation": DOCUMENTATION_FILE,
        "tags": ["rosetta-neurons", "torchscript", role],
        "inputs": [tensor_entry(t, "inputs") for t in inputs],
        "outputs": [tensor_entry(t, "outputs") for t in outputs],
        "weights": {"torchscript": {"source": WEIGHTS_FILE, "sha256": sha256_of(os.path.join(out_dir, WEIGHTS_FILE)),
                                    "pytorch_version": pytorch_version or torch.__version__.split("+")[0]}},
        "config": {"rosetta": rosetta},
    }
    with open(os.path.join(out_dir, MANIFEST_FILE), "w") as handle:
        yaml.safe_dump(manifest, handle, sort_keys=False, default_flow_style=None, width=120)
    return manifest


def _layer_entry(layer: LayerInfo) -> dict:
    entry = {"name": layer.name, "output": layer.output}
    if layer.tokens:
        entry["tokens"] = True
        entry["prefix_tokens"] = int(layer.prefix_tokens)
    if layer.projection:
        entry["projection"] = layer.projection
    return entry


def image_model_tensors(module, steps: Sequence[dict], test_pixels: torch.Tensor,
                        classes: Optional[Sequence[str]] = None) -> Tuple[List[TensorSpec], List[TensorSpec]]:
    """The input (test_pixels: (1, C, H, W) on [0, 1]) and the outputs of `forward` on it, preprocessed by steps."""
    _, channels, height, width = test_pixels.shape
    image = TensorSpec("image", image_axes(channels, height, width), test_pixels.numpy().astype(np.float32),
                       "%d-channel image on [0, 1]" % channels, {"type": "float32", "range": [0.0, 1.0]},
                       list(steps))
    with torch.no_grad():
        results = _flatten(module(preprocess(test_pixels, steps)))
    single = len(results) == 1
    outputs = [TensorSpec("output" if single else "output%d" % i, output_axes(tuple(value.shape), classes),
                          value.detach().numpy().astype(np.float32), "forward's result" if single else
                          "forward's result '%s'" % key)
               for i, (key, value) in enumerate(results.items())]
    return [image], outputs


def generator_tensors(module, latent_size: int, num_classes: int, image_output: str, image_range
                      ) -> Tuple[List[TensorSpec], List[TensorSpec]]:
    """z and y (batch 1, seeded) and the image `forward(z, y)` draws from them."""
    z = torch.randn(1, latent_size, generator=torch.Generator().manual_seed(0))
    y = torch.tensor([1 if num_classes > 1 else 0], dtype=torch.int64)
    with torch.no_grad():
        image = module(z, y)
    inputs = [TensorSpec("z", [{"type": "batch"}, {"type": "index", "id": "latent", "size": int(latent_size)}],
                         z.numpy(), "latent vector", {"type": "float32"}),
              TensorSpec("y", [{"type": "batch"}], y.numpy(), "class index (ignored when unconditional)",
                         {"type": "int64", "range": [0, max(int(num_classes) - 1, 0)]})]
    outputs = [TensorSpec(image_output, image_axes(*image.shape[1:]), image.numpy().astype(np.float32),
                          "generated image", {"type": "float32", "range": [float(v) for v in image_range]})]
    return inputs, outputs


def _as_layer_map(layers) -> Dict[str, str]:
    """Layer names to output keys; accepts names or (name, key) pairs or a dict."""
    if isinstance(layers, dict):
        mapping = dict(layers)
    else:
        mapping = {}
        for layer in layers:
            name, key = (layer, layer) if isinstance(layer, str) else layer
            mapping[name] = key
    if not mapping:
        raise ExportError("no layers given; name at least one module, e.g. layer4 or blocks.11")
    if len(set(mapping.values())) != len(mapping):
        raise ExportError("two layers share an output key: %s" % list(mapping.values()))
    return mapping


def export_image_model(model: torch.nn.Module, out_dir: str, *, name: str, layers, input_shape=(3, 224, 224),
                       mean: Optional[Sequence[float]] = None, std: Optional[Sequence[float]] = None,
                       per_sample: bool = False, role: str = "classifier", classes: Optional[Sequence[str]] = None,
                       description: str = "", license_id: str = "MIT", authors: Optional[Sequence] = None,
                       cite: Optional[Sequence[dict]] = None, test_pixels: Optional[torch.Tensor] = None,
                       prefix_tokens: Optional[int] = None, verbose: bool = True) -> dict:
    """Traces model (with `forward` and `activations`) into out_dir/weights.pt, writes the manifest, test tensors
    and README.md, verifies.

    input_shape is (C, H, W); per_sample standardises each image, then mean/std (per channel) apply, both on
    [0, 1] pixels. test_pixels (1, C, H, W) on [0, 1] becomes the test input (default: seeded uniform noise).
    Returns the manifest as a dict.
    """
    if role not in ("classifier", "encoder"):
        raise ExportError("role '%s' is not an image-model role; use classifier or encoder" % role)
    channels, height, width = input_shape
    if (mean is None) != (std is None):
        raise ExportError("give both mean and std, or neither")
    if mean is not None and (len(mean) != channels or len(std) != channels):
        raise ExportError("mean and std need %d values (one per channel)" % channels)
    layer_map = _as_layer_map(layers)
    wrapper = ActivationModel(model.eval(), layer_map).eval()
    check_name(name)
    example = torch.randn(1, channels, height, width, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        outputs = wrapper.activations(example)
    layer_infos = describe_layers(outputs, layer_map, (height, width), prefix_tokens, wrapper.recorder.projections)
    _warn_repeated_calls(wrapper.recorder, verbose)
    if test_pixels is None:
        test_pixels = torch.rand(1, channels, height, width, generator=torch.Generator().manual_seed(0))
    if tuple(test_pixels.shape) != (1, channels, height, width):
        raise ExportError("the test image has shape %s, not (1, %d, %d, %d)"
                          % ((tuple(test_pixels.shape),) + tuple(input_shape)))

    os.makedirs(out_dir, exist_ok=True)
    weights_path = os.path.join(out_dir, WEIGHTS_FILE)
    traced = _trace(wrapper, {"forward": example, "activations": example})
    torch.jit.save(traced, weights_path)
    steps = normalisation_steps(mean, std, per_sample)
    inputs, outputs = image_model_tensors(torch.jit.load(weights_path), steps, test_pixels, classes)
    manifest = write_manifest(out_dir, name=name, description=description, license_id=license_id, role=role,
                              layers=layer_infos, inputs=inputs, outputs=outputs, classes=classes, authors=authors,
                              cite=cite)

    make_inputs = lambda generator: (torch.randn(VERIFY_BATCH, channels, height, width, generator=generator),)
    verify_against_eager(wrapper, weights_path, ["forward", "activations"], make_inputs, verbose)
    if verbose:
        _print_layers(name, out_dir, layer_infos)
    return manifest


def export_generator(generator: torch.nn.Module, out_dir: str, *, name: str, layers, latent_size: int,
                     num_classes: int, image_shape=(3, 64, 64), image_range=(-1.0, 1.0),
                     classes: Optional[Sequence[str]] = None, image_output: str = "image", description: str = "",
                     license_id: str = "MIT", authors: Optional[Sequence] = None,
                     cite: Optional[Sequence[dict]] = None, verbose: bool = True) -> dict:
    """Traces generator(z, y) -> image (with `forward` and `generate`) into out_dir, writes the manifest, test
    tensors and README.md, verifies.

    y holds int64 class indices (B,); for an unconditional generator (num_classes 0) it is passed but ignored.
    """
    channels, height, width = image_shape
    layer_map = _as_layer_map(layers)
    wrapper = GeneratorModel(generator.eval(), layer_map, image_output).eval()
    check_name(name)
    rng = torch.Generator().manual_seed(0)
    example = (torch.randn(1, latent_size, generator=rng), torch.zeros(1, dtype=torch.int64))
    with torch.no_grad():
        outputs = wrapper.generate(*example)
    image_shape_seen = tuple(outputs[image_output].shape)
    if image_shape_seen != (1, channels, height, width):
        raise ExportError("the generator gives images of shape %s, not (1, %d, %d, %d)"
                          % ((image_shape_seen,) + tuple(image_shape)))
    layer_infos = describe_layers(outputs, layer_map, (height, width))
    _warn_repeated_calls(wrapper.recorder, verbose)

    os.makedirs(out_dir, exist_ok=True)
    weights_path = os.path.join(out_dir, WEIGHTS_FILE)
    traced = _trace(wrapper, {"forward": example, "generate": example})
    torch.jit.save(traced, weights_path)
    inputs, outputs = generator_tensors(torch.jit.load(weights_path), latent_size, num_classes, image_output,
                                        image_range)
    manifest = write_manifest(out_dir, name=name, description=description, license_id=license_id, role="generator",
                              layers=layer_infos, inputs=inputs, outputs=outputs, classes=classes,
                              generator=generator_config(latent_size, num_classes, image_output, image_range),
                              authors=authors, cite=cite)

    def make_inputs(rng):
        labels = torch.randint(max(num_classes, 1), (VERIFY_BATCH,), generator=rng, dtype=torch.int64)
        return torch.randn(VERIFY_BATCH, latent_size, generator=rng), labels

    verify_against_eager(wrapper, weights_path, ["forward", "generate"], make_inputs, verbose)
    if verbose:
        _print_layers(name, out_dir, layer_infos)
    return manifest


def generator_config(latent_size: int, num_classes: int, image_output: str, image_range) -> dict:
    """config.rosetta.generator: how the plugin calls the generate method."""
    return {"method": "generate", "latent_size": int(latent_size), "num_classes": int(num_classes),
            "image_output": image_output, "image_range": [float(v) for v in image_range]}


def _trace(wrapper: torch.nn.Module, inputs: dict) -> torch.jit.ScriptModule:
    """Traces every method; tracer warnings are silenced because verification compares against the eager model
    at another batch size, which catches what those warnings are about."""
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        return torch.jit.trace_module(wrapper, inputs, strict=False, check_trace=False)


def _warn_repeated_calls(recorder: _LayerRecorder, verbose: bool) -> None:
    for name, calls in recorder.calls.items():
        if calls > 1 and verbose:
            print("note: module '%s' runs %d times per forward pass; its last output is exported" % (name, calls))


def _print_layers(name, out_dir, layer_infos):
    print("exported '%s' to %s" % (name, out_dir))
    for layer in layer_infos:
        tokens = " tokens, prefix %d" % layer.prefix_tokens if layer.tokens else ""
        projection = ", projection %s" % layer.projection if layer.projection else ""
        print("  %-40s -> %-30s %s%s%s" % (layer.name, layer.output, list(layer.shape), tokens, projection))


def _flatten(result, label="") -> Dict[str, torch.Tensor]:
    """Named tensors of a method result (tensor, tuple/list or dict, nested)."""
    if isinstance(result, torch.Tensor):
        return {label or "output": result}
    items = result.items() if isinstance(result, dict) else enumerate(result)
    flat = {}
    for key, value in items:
        flat.update(_flatten(value, "%s.%s" % (label, key) if label else str(key)))
    return flat


def compare_outputs(reference: Dict[str, torch.Tensor], candidate: Dict[str, torch.Tensor], what: str) -> float:
    """Largest difference relative to max(1, largest reference magnitude); raises ExportError when too large."""
    if set(reference) != set(candidate):
        raise ExportError("%s: keys differ: expected %s, got %s" % (what, sorted(reference), sorted(candidate)))
    worst = 0.0
    for key, expected in reference.items():
        actual = candidate[key]
        if tuple(actual.shape) != tuple(expected.shape):
            raise ExportError("%s: '%s' has shape %s, expected %s" % (what, key, tuple(actual.shape),
                                                                    tuple(expected.shape)))
        expected, actual = expected.double(), actual.double()
        scale = max(1.0, float(expected.abs().max())) if expected.numel() else 1.0
        relative = float((actual - expected).abs().max()) / scale if expected.numel() else 0.0
        if not relative <= RELATIVE_TOLERANCE:
            raise ExportError("%s: '%s' differs by %.3g (relative to max(1, |largest value|)), above %.0e. The "
                              "model probably has data-dependent control flow that tracing cannot capture"
                              % (what, key, relative, RELATIVE_TOLERANCE))
        worst = max(worst, relative)
    return worst


def verify_against_eager(eager: torch.nn.Module, weights_path: str, methods: Sequence[str], make_inputs,
                         verbose: bool = True) -> Dict[str, float]:
    """Reloads the saved TorchScript file and compares each method's outputs with the eager module's on a fresh
    random batch of VERIFY_BATCH; also checks that sample 0 alone gives what it gives inside the batch."""
    loaded = torch.jit.load(weights_path, map_location="cpu")
    inputs = make_inputs(torch.Generator().manual_seed(1234))
    report = {}
    with torch.no_grad():
        for method in methods:
            expected = _flatten(getattr(eager, method)(*inputs))
            actual = _flatten(getattr(loaded, method)(*inputs))
            report[method] = compare_outputs(expected, actual, "%s: method '%s'" % (weights_path, method))
            alone = _flatten(getattr(loaded, method)(*(tensor[:1] for tensor in inputs)))
            compare_outputs({key: value[:1] for key, value in actual.items()}, alone,
                            "%s: method '%s' on one sample vs. in a batch" % (weights_path, method))
    if verbose:
        for method, difference in report.items():
            print("verified %s: TorchScript vs eager, max relative difference %.2e" % (method, difference))
    return report


def load_manifest(package_dir: str) -> dict:
    for candidate in (MANIFEST_FILE, "bioimageio.yaml", "manifest.yaml"):
        path = os.path.join(package_dir, candidate)
        if os.path.exists(path):
            with open(path) as handle:
                return yaml.safe_load(handle)
    raise ExportError("%s: no rdf.yaml; export the model first" % package_dir)


def fixed_shape(tensor: dict) -> List[int]:
    """The sizes of a tensor the exporter wrote: 0.5 axis objects (batch 1) or the older `shape` list."""
    if not isinstance(tensor.get("axes"), list):
        return list(tensor["shape"])
    sizes = []
    for axis in tensor["axes"]:
        size = 1 if axis["type"] == "batch" else len(axis["channel_names"]) if axis["type"] == "channel" \
            else axis.get("size")
        if not isinstance(size, int):
            raise ExportError("axis '%s' of tensor '%s' has no fixed size" % (axis.get("id", axis["type"]),
                                                                               tensor.get("id")))
        sizes.append(size)
    return sizes


def _tensor(tensors: Sequence[dict], tensor_id: str) -> dict:
    return next((t for t in tensors if t.get("id") == tensor_id), tensors[0])


def verify_test_tensors(package_dir: str, manifest: dict, module, verbose: bool = True) -> float:
    """Runs `forward` on the test inputs (preprocessed as the manifest says) and compares with the test outputs;
    also checks each test tensor's sha256. Returns the largest relative difference."""
    arrays = {}
    for tensor in manifest["inputs"] + manifest["outputs"]:
        test = tensor.get("test_tensor")
        path = os.path.join(package_dir, test["source"]) if test else None
        if not path or not os.path.exists(path):
            raise ExportError("%s: tensor '%s' has no test tensor file%s; re-export the package"
                              % (package_dir, tensor["id"], " (%s is missing)" % test["source"] if test else ""))
        if test.get("sha256") and sha256_of(path) != test["sha256"]:
            raise ExportError("%s: %s does not match its sha256 in the manifest; re-export the package"
                              % (package_dir, test["source"]))
        arrays[tensor["id"]] = torch.from_numpy(np.load(path))
    inputs = manifest["inputs"]
    if manifest["config"]["rosetta"]["role"] == "generator":
        arguments = [arrays[t["id"]] for t in inputs]
    else:
        arguments = [preprocess(arrays[inputs[0]["id"]], inputs[0].get("preprocessing", []))]
    with torch.no_grad():
        results = list(_flatten(module(*arguments)).values())
    expected = {t["id"]: arrays[t["id"]] for t in manifest["outputs"]}
    difference = compare_outputs(expected, dict(zip(expected, results)), "%s: test tensors" % package_dir)
    if verbose:
        print("verified test tensors: forward reproduces them, max relative difference %.2e" % difference)
    return difference


def verify_package(package_dir: str, verbose: bool = True) -> dict:
    """Checks an existing package as the plugin will use it: the SHA-256, that the TorchScript file loads, that
    the test tensors are reproduced, that the activations/generate method returns every manifest layer with a
    usable shape, that repeated calls agree and that batching does not change results. Returns {output key: shape}."""
    manifest = load_manifest(package_dir)
    weights = manifest["weights"]["torchscript"]
    weights_path = os.path.join(package_dir, weights["source"])
    actual_sha = sha256_of(weights_path)
    if actual_sha != str(weights["sha256"]).lower():
        raise ExportError("%s: weights.torchscript.sha256 is %s but the file has %s; re-export the package"
                          % (package_dir, weights["sha256"], actual_sha))
    problems = bioimageio_05_problems(package_dir, manifest)
    if problems:
        raise ExportError("%s: the manifest does not meet BioImage.IO 0.5: %s; re-export the package"
                          % (package_dir, "; ".join(problems)))
    rosetta = manifest["config"]["rosetta"]
    module = torch.jit.load(weights_path, map_location="cpu")
    verify_test_tensors(package_dir, manifest, module, verbose)
    rng = torch.Generator().manual_seed(7)
    if rosetta["role"] == "generator":
        spec = rosetta["generator"]
        _, channels, height, width = fixed_shape(_tensor(manifest["outputs"], spec.get("image_output", "image")))
        labels = torch.randint(max(int(spec.get("num_classes", 0)), 1), (VERIFY_BATCH,), generator=rng)
        inputs = (torch.randn(VERIFY_BATCH, int(spec["latent_size"]), generator=rng), labels)
        method = spec.get("method", "generate")
        required = [spec.get("image_output", "image")]
    else:
        _, channels, height, width = fixed_shape(manifest["inputs"][0])
        inputs = (torch.randn(VERIFY_BATCH, channels, height, width, generator=rng),)
        method = rosetta.get("activations_method", "activations")
        required = []
    if not hasattr(module, method):
        raise ExportError("%s: the TorchScript module has no method '%s'" % (weights_path, method))
    with torch.no_grad():
        first = _flatten(getattr(module, method)(*inputs))
        compare_outputs(first, _flatten(getattr(module, method)(*inputs)), "%s: repeated call" % weights_path)
        alone = _flatten(getattr(module, method)(*(tensor[:1] for tensor in inputs)))
        compare_outputs({key: value[:1] for key, value in first.items()}, alone, "%s: batch of one" % weights_path)
    shapes = {}
    for layer in rosetta["layers"]:
        key = layer.get("output", layer["name"])
        required.append(key)
        if key not in first:
            raise ExportError("%s: method '%s' returns no '%s' (manifest layer '%s'); it returns %s"
                              % (weights_path, method, key, layer["name"], sorted(first)))
        shape = tuple(first[key].shape)
        if layer.get("tokens"):
            patches = shape[1] - int(layer.get("prefix_tokens", 1)) if len(shape) == 3 else 0
            grid = token_grid(patches, height, width) if patches > 0 else None
            if grid is None or grid[0] != 0:
                raise ExportError("%s: layer '%s' is marked as tokens but gives %s, which does not fold into a grid "
                                  "after %s prefix tokens" % (weights_path, key, shape, layer.get("prefix_tokens", 1)))
        elif len(shape) != 4:
            raise ExportError("%s: layer '%s' gives %s, not (B, C, h, w)" % (weights_path, key, shape))
        shapes[key] = shape
    missing = [key for key in required if key not in first]
    if missing:
        raise ExportError("%s: method '%s' returns no %s" % (weights_path, method, missing))
    if verbose:
        print("%s: OK (sha256 matches, '%s' returns %d tensors, deterministic and batch-independent)"
              % (package_dir, method, len(first)))
        for key, shape in shapes.items():
            print("  %-30s %s" % (key, list(shape)))
    return shapes


# ---------------------------------------------------------------- checking a manifest against BioImage.IO 0.5

AXIS_TYPES = ("batch", "channel", "index", "time", "space")
PROCESSING_IDS = ("binarize", "clip", "ensure_dtype", "fixed_zero_mean_unit_variance", "scale_linear",
                  "scale_mean_variance", "scale_range", "sigmoid", "zero_mean_unit_variance")
LOWER_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*$")


def bioimageio_05_problems(package_dir: str, manifest: dict) -> List[str]:
    """What a manifest lacks for the BioImage.IO 0.5 model spec's required fields and rules (a subset of
    bioimageio.spec's validation that needs no network): every problem as a line, none when it conforms."""
    problems = []

    def need(condition, message):
        if not condition:
            problems.append(message)
        return bool(condition)

    def local_file(source, what, suffix=None):
        if need(isinstance(source, str) and source, "%s: no file named" % what):
            need(os.path.isfile(os.path.join(package_dir, source)), "%s: %s is not in the package" % (what, source))
            need(suffix is None or source.lower().endswith(suffix), "%s: %s is not a %s file" % (what, source, suffix))

    need(re.fullmatch(r"0\.5\.\d+", str(manifest.get("format_version"))), "format_version is not 0.5.x")
    need(manifest.get("type") == "model", "type is not 'model'")
    name = manifest.get("name")
    need(isinstance(name, str) and 5 <= len(name) <= 128 and re.fullmatch(r"[A-Za-z0-9_+\- ()]+", name),
         "name must be 5 to 128 letters, digits, spaces or _+-()")
    need(isinstance(manifest.get("description"), str), "description is missing")
    need(isinstance(manifest.get("license"), str), "license is missing")
    authors = manifest.get("authors")
    need(isinstance(authors, list) and authors and all(isinstance(a, dict) and a.get("name") for a in authors),
         "authors must list at least one author with a name")
    cite = manifest.get("cite")
    need(isinstance(cite, list) and cite and all(
        isinstance(c, dict) and c.get("text") and (c.get("doi") or c.get("url")) for c in cite),
        "cite must list entries with text and doi or url")
    local_file(manifest.get("documentation"), "documentation", ".md")
    tensor_ids = []
    for kind in ("inputs", "outputs"):
        tensors = manifest.get(kind)
        if not need(isinstance(tensors, list) and tensors, "%s must list at least one tensor" % kind):
            continue
        for i, tensor in enumerate(tensors):
            where = "%s[%d]" % (kind, i)
            tensor_id = tensor.get("id")
            need(isinstance(tensor_id, str) and LOWER_IDENTIFIER.match(tensor_id) and len(tensor_id) <= 32,
                 "%s.id must be a lower-case identifier of at most 32 characters" % where)
            tensor_ids.append(tensor_id)
            problems.extend(_axes_problems(tensor.get("axes"), where))
            test = tensor.get("test_tensor") or {}
            local_file(test.get("source"), where + ".test_tensor", ".npy")
            path = os.path.join(package_dir, str(test.get("source")))
            if os.path.isfile(path) and test.get("sha256"):
                need(sha256_of(path) == test["sha256"], "%s.test_tensor.sha256 does not match the file" % where)
            if os.path.isfile(path) and isinstance(tensor.get("axes"), list):
                shape = np.load(path, mmap_mode="r").shape
                need(len(shape) == len(tensor["axes"]), "%s: the test tensor has %d dimensions for %d axes"
                     % (where, len(shape), len(tensor["axes"])))
            steps = tensor.get("preprocessing" if kind == "inputs" else "postprocessing") or []
            problems.extend(_processing_problems(steps, tensor.get("axes"), where))
    need(len(set(tensor_ids)) == len(tensor_ids), "tensor ids are not unique across inputs and outputs")
    weights = manifest.get("weights")
    if need(isinstance(weights, dict) and weights, "weights must have at least one entry"):
        for format_name, entry in weights.items():
            local_file(entry.get("source"), "weights.%s" % format_name)
            path = os.path.join(package_dir, str(entry.get("source")))
            if os.path.isfile(path) and entry.get("sha256"):
                need(sha256_of(path) == entry["sha256"], "weights.%s.sha256 does not match the file" % format_name)
            if format_name in ("torchscript", "pytorch_state_dict"):
                need(entry.get("pytorch_version"), "weights.%s.pytorch_version is missing" % format_name)
    need(isinstance(manifest.get("config", {}), dict), "config must be a mapping")
    return problems


def _axes_problems(axes, where: str) -> List[str]:
    if not isinstance(axes, list) or not axes or not all(isinstance(a, dict) for a in axes):
        return ["%s.axes must be a list of axis objects" % where]
    problems, ids = [], []
    for a, axis in enumerate(axes):
        path = "%s.axes[%d]" % (where, a)
        kind = axis.get("type")
        if kind not in AXIS_TYPES:
            problems.append("%s.type must be one of %s" % (path, ", ".join(AXIS_TYPES)))
            continue
        axis_id = axis.get("id", {"space": "x"}.get(kind, kind))
        ids.append(axis_id)
        if not (isinstance(axis_id, str) and LOWER_IDENTIFIER.match(axis_id) and len(axis_id) <= 16):
            problems.append("%s.id must be a lower-case identifier of at most 16 characters" % path)
        size = axis.get("size")
        if kind == "batch":
            if size not in (None, 1):
                problems.append("%s.size of a batch axis may only be 1" % path)
        elif kind == "channel":
            names = axis.get("channel_names")
            if not (isinstance(names, list) and names and all(str(n).isidentifier() for n in names)):
                problems.append("%s.channel_names must list identifiers" % path)
        elif not (isinstance(size, int) and size > 0 or isinstance(size, dict) and (
                {"min", "step"} <= set(size) or {"tensor_id", "axis_id"} <= set(size))):
            problems.append("%s.size must be a positive number, {min, step} or {tensor_id, axis_id}" % path)
    if len(set(ids)) != len(ids):
        problems.append("%s.axes ids are not unique" % where)
    return problems


def _processing_problems(steps, axes, where: str) -> List[str]:
    problems = []
    sizes = {}
    for axis in axes if isinstance(axes, list) else []:
        if isinstance(axis, dict):
            kind = axis.get("type")
            sizes[axis.get("id", {"space": "x"}.get(kind, kind))] = len(axis.get("channel_names") or []) \
                if kind == "channel" else axis.get("size")
    for s, step in enumerate(steps):
        path = "%s processing step %d" % (where, s)
        if step.get("id") not in PROCESSING_IDS:
            problems.append("%s: id '%s' is not a BioImage.IO 0.5 step" % (path, step.get("id")))
            continue
        kwargs = step.get("kwargs") or {}
        lists = [key for key, value in kwargs.items() if isinstance(value, list) and key != "axes"]
        if lists:
            axis = kwargs.get("axis")
            if axis not in sizes:
                problems.append("%s: per-value lists (%s) need kwargs.axis naming an axis of the tensor"
                                % (path, ", ".join(lists)))
            elif any(len(kwargs[key]) != sizes[axis] for key in lists):
                problems.append("%s: lists must have one value per entry of axis '%s'" % (path, axis))
        for name in kwargs.get("axes") or []:
            if name not in sizes:
                problems.append("%s: kwargs.axes names '%s', which the tensor does not have" % (path, name))
    return problems


# ---------------------------------------------------------------- BioImage.IO packages with pytorch_state_dict weights

def load_bioimageio_model(package_dir: str) -> Tuple[torch.nn.Module, dict]:
    """The network of a BioImage.IO model package (format 0.4 or 0.5) with `pytorch_state_dict` weights, built
    from its architecture (source file or importable module, callable, kwargs) with the state dict loaded, and
    what export_image_model needs from its manifest (name, authors, input size, preprocessing, test tensors)."""
    manifest = load_manifest(package_dir)
    version = str(manifest.get("format_version", ""))
    if not re.match(r"0\.[45]\.\d+$", version):
        raise ExportError("%s: format_version is '%s'; the exporter reads BioImage.IO model packages of format 0.4 "
                          "and 0.5 (update older ones with bioimageio.spec's update_format)" % (package_dir, version))
    entry = (manifest.get("weights") or {}).get("pytorch_state_dict")
    if not entry:
        raise ExportError("%s: has no weights.pytorch_state_dict; only packages with the network's state dict and "
                          "architecture can be converted (a TorchScript-only package loads in the plugin as it is, "
                          "exposing its output as one layer)" % package_dir)
    model = _build_architecture(package_dir, entry)
    _load_state_dict(model, os.path.join(package_dir, entry["source"]))
    inputs = manifest.get("inputs") or []
    if len(inputs) != 1:
        raise ExportError("%s: the model has %d inputs; the plugin feeds one image" % (package_dir, len(inputs)))
    test_pixels = _test_array(package_dir, manifest, "inputs", 0)
    test_output = _test_array(package_dir, manifest, "outputs", 0)
    input_shape = _image_sizes(package_dir, inputs[0], test_pixels)
    mean, std, per_sample = _normalisation(package_dir, inputs[0], input_shape[0])
    outputs = manifest.get("outputs") or [{}]
    return model.eval(), {
        "name": manifest["name"], "description": manifest.get("description", ""),
        "license": manifest.get("license", "MIT"), "authors": manifest.get("authors"), "cite": manifest.get("cite"),
        "input_shape": input_shape, "mean": mean, "std": std, "per_sample": per_sample,
        "test_pixels": None if test_pixels is None else torch.from_numpy(test_pixels.astype(np.float32)),
        "test_output": None if test_output is None or outputs[0].get("postprocessing") else test_output,
    }


def _build_architecture(package_dir: str, entry: dict) -> torch.nn.Module:
    """0.5: {source: file.py or import_from: module, callable, kwargs}; 0.4: 'file.py:Callable' or
    'module.Callable' with the kwargs next to it."""
    architecture = entry.get("architecture")
    if isinstance(architecture, str):
        location, _, callable_name = architecture.rpartition(":" if ":" in architecture else ".")
        from_file = ":" in architecture
        kwargs, sha = entry.get("kwargs") or {}, entry.get("architecture_sha256")
    elif isinstance(architecture, dict) and "callable" in architecture:
        from_file = "source" in architecture
        location = architecture.get("source") or architecture.get("import_from", "")
        callable_name, sha = architecture["callable"], architecture.get("sha256")
        kwargs = architecture.get("kwargs") or {}
    else:
        raise ExportError("%s: weights.pytorch_state_dict.architecture is missing or has no callable" % package_dir)
    if from_file:
        path = os.path.join(package_dir, location)
        if not os.path.exists(path):
            raise ExportError("%s: the architecture file %s is missing from the package" % (package_dir, location))
        if sha and sha256_of(path) != str(sha).lower():
            raise ExportError("%s: %s does not match the architecture's sha256" % (package_dir, location))
        spec = importlib.util.spec_from_file_location("bioimageio_architecture", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    else:
        module = importlib.import_module(location)
    factory = getattr(module, callable_name, None)
    if factory is None:
        raise ExportError("%s: %s defines no '%s'" % (package_dir, location, callable_name))
    return factory(**kwargs)


def _test_array(package_dir: str, manifest: dict, kind: str, index: int) -> Optional[np.ndarray]:
    tensor = manifest[kind][index] if len(manifest.get(kind) or []) > index else {}
    test = tensor.get("test_tensor")
    listed = manifest.get("test_" + kind) or []  # 0.4
    source = test.get("source") if isinstance(test, dict) else (listed[index] if len(listed) > index else None)
    if not source:
        return None
    path = os.path.join(package_dir, source)
    if not os.path.exists(path):
        raise ExportError("%s: the test tensor %s is missing from the package" % (package_dir, source))
    return np.load(path)


def _image_sizes(package_dir: str, tensor: dict, test_pixels: Optional[np.ndarray]) -> Tuple[int, int, int]:
    """(C, H, W) of a (batch, channel, y, x) input; parameterized sizes take the test input's."""
    axes = tensor.get("axes")
    if isinstance(axes, str):
        kinds = axes
        sizes = tensor.get("shape")
    else:
        kinds = "".join({"batch": "b", "channel": "c"}.get(a.get("type"), a.get("id", "?")) for a in axes or [])
        sizes = [len(a["channel_names"]) if a.get("type") == "channel" else a.get("size") for a in axes or []]
    if kinds != "bcyx":
        raise ExportError("%s: the input's axes are '%s'; the plugin reads 2-D images with axes batch, channel, y, x"
                          % (package_dir, kinds))
    if not isinstance(sizes, list):
        sizes = [None] * 4
    known = [size if isinstance(size, int) else (test_pixels.shape[i] if test_pixels is not None else None)
             for i, size in enumerate(sizes)]
    if None in known[1:]:
        raise ExportError("%s: the input has no fixed size and no test tensor to take one from" % package_dir)
    return int(known[1]), int(known[2]), int(known[3])


def _normalisation(package_dir: str, tensor: dict, channels: int):
    """(mean, std, per_sample) of the preprocessing steps the plugin can apply."""
    mean = std = None
    per_sample = False
    for step in tensor.get("preprocessing") or []:
        step_id, kwargs = step.get("id") or step.get("name"), step.get("kwargs") or {}
        mode = kwargs.get("mode", "fixed" if step_id == "fixed_zero_mean_unit_variance" else "per_sample")
        if step_id == "ensure_dtype" and kwargs.get("dtype") == "float32":
            continue
        if step_id in ("zero_mean_unit_variance", "fixed_zero_mean_unit_variance") and mode == "fixed":
            mean, std = ([float(v) for v in (kwargs[key] if isinstance(kwargs[key], list) else
                                             [kwargs[key]] * channels)] for key in ("mean", "std"))
        elif step_id == "zero_mean_unit_variance" and mode == "per_sample":
            per_sample = True
        else:
            raise ExportError("%s: preprocessing step '%s' (%s) is not one the plugin applies; it knows "
                              "fixed_zero_mean_unit_variance, zero_mean_unit_variance and ensure_dtype float32"
                              % (package_dir, step_id, mode))
    return mean, std, per_sample


def convert_bioimageio_package(package_dir: str, out_dir: str, *, layers, name: Optional[str] = None,
                               role: str = "encoder", prefix_tokens: Optional[int] = None,
                               verbose: bool = True) -> dict:
    """Exports a BioImage.IO package with pytorch_state_dict weights as a package with inner layers (TorchScript
    with the activations method), keeping its name, authors, citations and licence, and checks that the result
    reproduces the source package's own test output."""
    model, source = load_bioimageio_model(package_dir)
    manifest = export_image_model(model, out_dir, name=name or source["name"], layers=layers,
                                  input_shape=source["input_shape"], mean=source["mean"], std=source["std"],
                                  per_sample=source["per_sample"], role=role, description=source["description"],
                                  license_id=source["license"], authors=source["authors"], cite=source["cite"],
                                  test_pixels=source["test_pixels"], prefix_tokens=prefix_tokens, verbose=verbose)
    if source["test_output"] is not None:
        ours = np.load(os.path.join(out_dir, manifest["outputs"][0]["test_tensor"]["source"]))
        difference = compare_outputs({"output": torch.from_numpy(source["test_output"])},
                                     {"output": torch.from_numpy(ours)}, "%s: the source's test output" % out_dir)
        if verbose:
            print("reproduces %s's test output, max relative difference %.2e" % (package_dir, difference))
    return manifest


def zip_package(package_dir: str, zip_path: Optional[str] = None) -> str:
    """Zips the package folder (manifest and weights at the top level of a folder entry) for sharing."""
    package_dir = os.path.abspath(package_dir)
    zip_path = zip_path or package_dir.rstrip(os.sep) + ".zip"
    folder = os.path.basename(package_dir.rstrip(os.sep))
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in sorted(os.listdir(package_dir)):
            archive.write(os.path.join(package_dir, entry), "%s/%s" % (folder, entry))
    return zip_path


def _parse_floats(text: Optional[str], channels: int) -> Optional[List[float]]:
    if text is None:
        return None
    values = [float(v) for v in text.split(",")]
    return values * channels if len(values) == 1 else values


def _parse_cite(text: str) -> dict:
    """'Text|10.1000/xyz' or 'Text|https://...' as a BioImage.IO cite entry (which needs a DOI or URL)."""
    words, _, reference = text.rpartition("|")
    if not words or not reference:
        raise ExportError("--cite '%s' needs the form 'text|DOI' or 'text|URL'" % text)
    return {"text": words, "url" if reference.startswith("http") else "doi": reference}


def _parse_size(text: str) -> Tuple[int, int]:
    parts = [int(v) for v in text.lower().replace("x", ",").split(",")]
    return (parts[0], parts[0]) if len(parts) == 1 else (parts[0], parts[1])


def _torchvision_model(name: str, random_weights: bool, channels: int):
    """A torchvision model and, with pretrained weights, its ImageNet class names, preprocessing and input size."""
    import torchvision
    if random_weights:
        return (torchvision.models.get_model(name, weights=None), None, IMAGENET_MEAN, IMAGENET_STD,
                (channels, 224, 224))
    weights = torchvision.models.get_model_weights(name).DEFAULT
    transforms = weights.transforms()
    crop = list(getattr(transforms, "crop_size", [224]))
    return (torchvision.models.get_model(name, weights=weights), weights.meta.get("categories"),
            list(getattr(transforms, "mean", IMAGENET_MEAN)), list(getattr(transforms, "std", IMAGENET_STD)),
            (channels, crop[0], crop[-1]))


def _timm_model(name: str, random_weights: bool):
    import timm
    from timm.data import resolve_data_config
    model = timm.create_model(name, pretrained=not random_weights)
    config = resolve_data_config({}, model=model)
    return model, None, list(config["mean"]), list(config["std"]), tuple(config["input_size"])


def _module_model(spec: str):
    """Calls 'package.module:function' (importable from the current folder) to build the user's model."""
    if ":" not in spec:
        raise ExportError("--module needs the form package.module:function, e.g. mymodels.net:build_model")
    module_name, function_name = spec.split(":", 1)
    sys.path.insert(0, os.getcwd())
    factory = getattr(importlib.import_module(module_name), function_name)
    return factory()


def _load_state_dict(model: torch.nn.Module, path: str) -> None:
    state = torch.load(path, map_location="cpu")
    for key in ("state_dict", "model_state_dict", "model"):
        if isinstance(state, dict) and isinstance(state.get(key), dict):
            state = state[key]
    model.load_state_dict(state)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--torchvision", metavar="NAME", help="a torchvision model, e.g. resnet50, vit_b_16")
    source.add_argument("--timm", metavar="NAME", help="a timm model, e.g. vit_small_patch16_224")
    source.add_argument("--module", metavar="PKG.MOD:FUNC", help="function that returns your torch.nn.Module")
    source.add_argument("--bioimageio", metavar="PACKAGE", help="a BioImage.IO package folder with "
                                                                 "pytorch_state_dict weights, to add inner layers to")
    source.add_argument("--verify", metavar="PACKAGE", help="only check an existing package folder")
    parser.add_argument("--layers", help="comma-separated module paths, e.g. layer1,layer4 or blocks.11; "
                                         "<block>.q, .k, .v name a transformer block's attention projections")
    parser.add_argument("--qkv", metavar="BLOCKS", help="also export q, k and v of these attention blocks: 'all' "
                                                        "or indices, e.g. 0,11 (named <block>.q, .k, .v)")
    parser.add_argument("--out", help="package folder to write")
    parser.add_argument("--random-weights", action="store_true", help="random init instead of pretrained weights")
    parser.add_argument("--state-dict", help="state dict (.pt) to load into the model")
    parser.add_argument("--input-size", help="H or HxW the model expects (default 224, or the timm config)")
    parser.add_argument("--channels", type=int, default=3)
    parser.add_argument("--mean", help="per-channel mean(s) on [0, 1] pixels, comma-separated (default: the "
                                       "model's, ImageNet for torchvision)")
    parser.add_argument("--std", help="per-channel std(s), comma-separated")
    parser.add_argument("--no-normalize", action="store_true", help="write no preprocessing (model takes [0, 1])")
    parser.add_argument("--role", choices=["classifier", "encoder"],
                        help="what the network does (default: classifier; encoder for --bioimageio)")
    parser.add_argument("--classes", help="text file with one class name per line")
    parser.add_argument("--prefix-tokens", type=int, help="class/register tokens before the patch tokens "
                                                           "(default: inferred from the token count)")
    parser.add_argument("--name", help="model name in the manifest (default: the output folder's name)")
    parser.add_argument("--description", default="")
    parser.add_argument("--license", default="MIT")
    parser.add_argument("--author", action="append", help="author name for the manifest (repeat for several; "
                                                          "default: your user name)")
    parser.add_argument("--cite", action="append", metavar="TEXT|DOI_OR_URL",
                        help="a citation, text and DOI or URL separated by '|' (repeat for several; default: the "
                             "Rosetta Neurons paper)")
    parser.add_argument("--zip", action="store_true", help="also write <out>.zip")
    args = parser.parse_args(argv)

    try:
        if args.verify:
            verify_package(args.verify)
            return 0
        if not (args.layers or args.qkv) or not args.out:
            parser.error("--layers (or --qkv) and --out are required for an export")
        layers = [layer.strip() for layer in (args.layers or "").split(",") if layer.strip()]
        if args.bioimageio:
            convert_bioimageio_package(args.bioimageio, args.out, layers=layers, name=args.name,
                                       role=args.role or "encoder", prefix_tokens=args.prefix_tokens)
            if args.zip:
                print("wrote %s" % zip_package(args.out))
            return 0
        classes, mean, std, input_size = None, IMAGENET_MEAN, IMAGENET_STD, (args.channels, 224, 224)
        if args.torchvision:
            model, classes, mean, std, input_size = _torchvision_model(args.torchvision, args.random_weights,
                                                                       args.channels)
        elif args.timm:
            model, classes, mean, std, input_size = _timm_model(args.timm, args.random_weights)
        else:
            model = _module_model(args.module)
        if args.state_dict:
            _load_state_dict(model, args.state_dict)
        if args.input_size:
            input_size = (args.channels,) + _parse_size(args.input_size)
        mean = _parse_floats(args.mean, input_size[0]) or mean
        std = _parse_floats(args.std, input_size[0]) or std
        if args.no_normalize:
            mean = std = None
        if args.classes:
            with open(args.classes) as handle:
                classes = [line.strip() for line in handle if line.strip()]
        if args.qkv:
            layers += [name for name in qkv_layer_names(model, args.qkv) if name not in layers]
        export_image_model(model, args.out, name=args.name or os.path.basename(os.path.abspath(args.out)),
                           layers=layers, input_shape=input_size, mean=mean, std=std, role=args.role or "classifier",
                           classes=classes, description=args.description, license_id=args.license,
                           authors=args.author, cite=[_parse_cite(text) for text in args.cite or []],
                           prefix_tokens=args.prefix_tokens)
        if args.zip:
            print("wrote %s" % zip_package(args.out))
    except ExportError as error:
        print("error: %s" % error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
