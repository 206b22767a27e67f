"""Export a PyTorch vision model as a Rosetta Neurons model package: rdf.yaml + TorchScript weights.pt.

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
    python tools/export_model.py --verify my-model
"""

import argparse
import hashlib
import importlib
import inspect
import math
import os
import sys
import warnings
import zipfile
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

import torch
import yaml

FORMAT_VERSION = "0.5.4"
WEIGHTS_FILE = "weights.pt"
MANIFEST_FILE = "rdf.yaml"
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


def _layer_entries(layers: Sequence[LayerInfo]):
    entries = []
    for layer in layers:
        entry = {"name": layer.name, "output": layer.output}
        if layer.tokens:
            entry["tokens"] = True
            entry["prefix_tokens"] = int(layer.prefix_tokens)
        if layer.projection:
            entry["projection"] = layer.projection
        entries.append(entry)
    return entries


def _write_manifest(out_dir: str, manifest: dict) -> None:
    with open(os.path.join(out_dir, MANIFEST_FILE), "w") as handle:
        yaml.safe_dump(manifest, handle, sort_keys=False, default_flow_style=None, width=120)


def _base_manifest(name, description, license_id, weights_path):
    return {
        "format_version": FORMAT_VERSION,
        "type": "model",
        "name": name,
        "description": description or name,
        "license": license_id,
    }, {"torchscript": {"source": WEIGHTS_FILE, "sha256": sha256_of(weights_path),
                        "pytorch_version": torch.__version__.split("+")[0]}}


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
                       role: str = "classifier", classes: Optional[Sequence[str]] = None, description: str = "",
                       license_id: str = "MIT", prefix_tokens: Optional[int] = None, verbose: bool = True) -> dict:
    """Traces model (with `forward` and `activations`) into out_dir/weights.pt, writes rdf.yaml, verifies.

    input_shape is (C, H, W) after preprocessing; mean/std are per channel, applied to [0, 1] pixels.
    Returns the manifest as a dict.
    """
    if role not in ("classifier", "encoder"):
        raise ExportError("role '%s' is not an image-model role; use classifier or encoder" % role)
    channels, height, width = input_shape
    if (mean is None) != (std is None):
        raise ExportError("give both mean and std, or neither")
    layer_map = _as_layer_map(layers)
    wrapper = ActivationModel(model.eval(), layer_map).eval()
    example = torch.randn(1, channels, height, width, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        outputs = wrapper.activations(example)
    layer_infos = describe_layers(outputs, layer_map, (height, width), prefix_tokens, wrapper.recorder.projections)
    _warn_repeated_calls(wrapper.recorder, verbose)

    os.makedirs(out_dir, exist_ok=True)
    weights_path = os.path.join(out_dir, WEIGHTS_FILE)
    traced = _trace(wrapper, {"forward": example, "activations": example})
    torch.jit.save(traced, weights_path)

    manifest, weights = _base_manifest(name, description, license_id, weights_path)
    image_input = {"id": "image", "axes": "bcyx", "shape": [1, channels, height, width]}
    if mean is not None:
        mean, std = [float(v) for v in mean], [float(v) for v in std]
        if len(mean) != channels or len(std) != channels:
            raise ExportError("mean and std need %d values (one per channel)" % channels)
        image_input["preprocessing"] = [{"id": "fixed_zero_mean_unit_variance",
                                         "kwargs": {"mean": mean, "std": std}}]
    manifest["inputs"] = [image_input]
    manifest["weights"] = weights
    rosetta = {"role": role, "activations_method": "activations"}
    if classes:
        rosetta["classes"] = [str(c) for c in classes]
    rosetta["layers"] = _layer_entries(layer_infos)
    manifest["config"] = {"rosetta": rosetta}
    _write_manifest(out_dir, manifest)

    make_inputs = lambda generator: (torch.randn(VERIFY_BATCH, channels, height, width, generator=generator),)
    verify_against_eager(wrapper, weights_path, ["forward", "activations"], make_inputs, verbose)
    if verbose:
        _print_layers(name, out_dir, layer_infos)
    return manifest


def export_generator(generator: torch.nn.Module, out_dir: str, *, name: str, layers, latent_size: int,
                     num_classes: int, image_shape=(3, 64, 64), image_range=(-1.0, 1.0),
                     classes: Optional[Sequence[str]] = None, image_output: str = "image", description: str = "",
                     license_id: str = "MIT", verbose: bool = True) -> dict:
    """Traces generator(z, y) -> image (with `forward` and `generate`) into out_dir, writes rdf.yaml, verifies.

    y holds int64 class indices (B,); for an unconditional generator (num_classes 0) it is passed but ignored.
    """
    channels, height, width = image_shape
    layer_map = _as_layer_map(layers)
    wrapper = GeneratorModel(generator.eval(), layer_map, image_output).eval()
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

    manifest, weights = _base_manifest(name, description, license_id, weights_path)
    manifest["outputs"] = [{"id": image_output, "axes": "bcyx", "shape": [1, channels, height, width]}]
    manifest["weights"] = weights
    rosetta = {"role": "generator"}
    if classes:
        rosetta["classes"] = [str(c) for c in classes]
    rosetta["layers"] = _layer_entries(layer_infos)
    rosetta["generator"] = {"method": "generate", "latent_size": int(latent_size), "num_classes": int(num_classes),
                            "image_output": image_output, "image_range": [float(v) for v in image_range]}
    manifest["config"] = {"rosetta": rosetta}
    _write_manifest(out_dir, manifest)

    def make_inputs(rng):
        labels = torch.randint(max(num_classes, 1), (VERIFY_BATCH,), generator=rng, dtype=torch.int64)
        return torch.randn(VERIFY_BATCH, latent_size, generator=rng), labels

    verify_against_eager(wrapper, weights_path, ["forward", "generate"], make_inputs, verbose)
    if verbose:
        _print_layers(name, out_dir, layer_infos)
    return manifest


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


def verify_package(package_dir: str, verbose: bool = True) -> dict:
    """Checks an existing package as the plugin will use it: the SHA-256, that the TorchScript file loads, that
    the activations/generate method returns every manifest layer with a usable shape, that repeated calls agree
    and that batching does not change results. Returns {output key: shape}."""
    manifest = load_manifest(package_dir)
    weights = manifest["weights"]["torchscript"]
    weights_path = os.path.join(package_dir, weights["source"])
    actual_sha = sha256_of(weights_path)
    if actual_sha != str(weights["sha256"]).lower():
        raise ExportError("%s: weights.torchscript.sha256 is %s but the file has %s; re-export the package"
                          % (package_dir, weights["sha256"], actual_sha))
    rosetta = manifest["config"]["rosetta"]
    module = torch.jit.load(weights_path, map_location="cpu")
    rng = torch.Generator().manual_seed(7)
    if rosetta["role"] == "generator":
        spec = rosetta["generator"]
        _, channels, height, width = manifest["outputs"][0]["shape"]
        labels = torch.randint(max(int(spec.get("num_classes", 0)), 1), (VERIFY_BATCH,), generator=rng)
        inputs = (torch.randn(VERIFY_BATCH, int(spec["latent_size"]), generator=rng), labels)
        method = spec.get("method", "generate")
        required = [spec.get("image_output", "image")]
    else:
        _, channels, height, width = manifest["inputs"][0]["shape"]
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
    parser.add_argument("--role", default="classifier", choices=["classifier", "encoder"])
    parser.add_argument("--classes", help="text file with one class name per line")
    parser.add_argument("--prefix-tokens", type=int, help="class/register tokens before the patch tokens "
                                                           "(default: inferred from the token count)")
    parser.add_argument("--name", help="model name in the manifest (default: the output folder's name)")
    parser.add_argument("--description", default="")
    parser.add_argument("--license", default="MIT")
    parser.add_argument("--zip", action="store_true", help="also write <out>.zip")
    args = parser.parse_args(argv)

    try:
        if args.verify:
            verify_package(args.verify)
            return 0
        if not (args.layers or args.qkv) or not args.out:
            parser.error("--layers (or --qkv) and --out are required for an export")
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
        layers = [layer.strip() for layer in (args.layers or "").split(",") if layer.strip()]
        if args.qkv:
            layers += [name for name in qkv_layer_names(model, args.qkv) if name not in layers]
        export_image_model(model, args.out, name=args.name or os.path.basename(os.path.abspath(args.out)),
                           layers=layers,
                           input_shape=input_size, mean=mean, std=std, role=args.role, classes=classes,
                           description=args.description, license_id=args.license, prefix_tokens=args.prefix_tokens)
        if args.zip:
            print("wrote %s" % zip_package(args.out))
    except ExportError as error:
        print("error: %s" % error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
