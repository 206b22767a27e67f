"""Trains the sample model zoo on the procedural world (tools/sample_world.py) and exports every model as a
package under sample-data/zoo/<model>/ (rdf.yaml, weights.pt, training-log.csv, test-io.json).

Models: resnet-shapes and vit-shapes (shape classifiers), autoencoder-encoder (the encoder of a
self-supervised conv autoencoder), world-generator (a class-conditional "neural renderer" of the world) and
the untrained controls resnet-shapes-random and vit-shapes-random.

Training images are rendered on the fly: training uses scenes 0.. of TRAIN_SEED, validation scenes
VAL_START.. of the same seed, so the two never overlap. Run with Debian's python (torch 1.13):
    /usr/bin/python3 tools/train_zoo.py                       # everything, about 10 minutes on 2 cores
    /usr/bin/python3 tools/train_zoo.py --models vit-shapes   # one model
    /usr/bin/python3 tools/train_zoo.py --manifests-only      # rewrite manifests and test tensors, keep the weights
    /usr/bin/python3 tools/train_zoo.py --reexport-qkv        # add q/k/v layers to both ViTs, no retraining
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # torch already uses both cores; nested BLAS threads slow it

import argparse
import csv
import json
import math
import sys
import time
from typing import List

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_model  # noqa: E402
import sample_world as world  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ZOO_DIR = os.path.join(ROOT, "sample-data", "zoo")
SAMPLE_IMAGE = os.path.join(ROOT, "sample-data", "images", "scene_0.png")
MEAN, STD = [0.5, 0.5, 0.5], [0.25, 0.25, 0.25]
TRAIN_SEED = 1
VAL_START = 1_000_000
VAL_COUNT = 1000
LATENT_SIZE = 16
OBJECT_WEIGHT = 4.0
TEST_IO_POSITIONS = 8
ZOO_AUTHORS = [{"name": "Rosetta Neurons for Fiji developers"}]
ZOO_CITE = export_model.DEFAULT_CITE
LOG_COLUMNS = ["epoch", "images", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "seconds"]


# ---------------------------------------------------------------- data

def scene_batch(start: int, count: int):
    """Normalised images (B, 3, 64, 64) and shape labels (B,) of training scenes start..start+count-1."""
    scenes = world.sample_scenes(TRAIN_SEED, start, count)
    return to_input(world.render_scenes(scenes)), torch.tensor([world.SHAPES.index(s.shape) for s in scenes])


def to_input(images: np.ndarray) -> torch.Tensor:
    """uint8 (B, H, W, 3) -> model input: RGB / 255, then (x - mean) / std, as the manifest declares."""
    pixels = torch.from_numpy(images).permute(0, 3, 1, 2).float() / 255.0
    return (pixels - torch.tensor(MEAN).view(1, 3, 1, 1)) / torch.tensor(STD).view(1, 3, 1, 1)


# ---------------------------------------------------------------- models

class BasicBlock(nn.Module):
    """ResNet basic block: two 3x3 convs with batch norm and an identity (or 1x1 projection) shortcut."""

    def __init__(self, in_channels: int, out_channels: int, stride: int):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.shortcut = nn.Sequential()
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(nn.Conv2d(in_channels, out_channels, 1, stride, bias=False),
                                          nn.BatchNorm2d(out_channels))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(out)) + self.shortcut(x))


class ShapeResNet(nn.Module):
    """Small ResNet for 64x64 inputs; stages layer1..layer4 give 32, 16, 8 and 4 px maps."""

    def __init__(self, widths=(16, 32, 64, 128), num_classes=4):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, widths[0], 3, 2, 1, bias=False), nn.BatchNorm2d(widths[0]),
                                  nn.ReLU())
        self.layer1 = nn.Sequential(BasicBlock(widths[0], widths[0], 1))
        self.layer2 = nn.Sequential(BasicBlock(widths[0], widths[1], 2))
        self.layer3 = nn.Sequential(BasicBlock(widths[1], widths[2], 2))
        self.layer4 = nn.Sequential(BasicBlock(widths[2], widths[3], 2))
        self.fc = nn.Linear(widths[3], num_classes)

    def forward(self, x):
        x = self.layer4(self.layer3(self.layer2(self.layer1(self.stem(x)))))
        return self.fc(x.mean(dim=(2, 3)))


class Attention(nn.Module):
    def __init__(self, dim: int, heads: int):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        batch, tokens, dim = x.shape
        q, k, v = self.qkv(x).reshape(batch, tokens, 3, self.heads, dim // self.heads).permute(2, 0, 3, 1, 4)
        weights = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(dim // self.heads), dim=-1)
        return self.proj((weights @ v).transpose(1, 2).reshape(batch, tokens, dim))


class TransformerBlock(nn.Module):
    """Pre-norm transformer block; its output is (B, 1 + h*w, dim) tokens."""

    def __init__(self, dim: int, heads: int, mlp_dim: int):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, mlp_dim), nn.GELU(), nn.Linear(mlp_dim, dim))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class ShapeViT(nn.Module):
    """Small ViT: 8 px patches of a 64 px image -> 8x8 tokens plus a class token, blocks.0..blocks.3."""

    def __init__(self, image_size=64, patch=8, dim=64, depth=4, heads=4, mlp_dim=128, num_classes=4):
        super().__init__()
        self.patch_embed = nn.Conv2d(3, dim, patch, patch)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.randn(1, 1 + (image_size // patch) ** 2, dim) * 0.02)
        self.blocks = nn.ModuleList([TransformerBlock(dim, heads, mlp_dim) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, num_classes)

    def forward(self, x):
        tokens = self.patch_embed(x).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), tokens], dim=1) + self.pos_embed
        for block in self.blocks:
            x = block(x)
        return self.head(self.norm(x[:, 0]))


def conv_stage(in_channels: int, out_channels: int) -> nn.Sequential:
    """Halves the resolution: strided 3x3 conv, then a 3x3 conv, each followed by ReLU."""
    return nn.Sequential(nn.Conv2d(in_channels, out_channels, 3, 2, 1), nn.ReLU(),
                         nn.Conv2d(out_channels, out_channels, 3, 1, 1), nn.ReLU())


class Encoder(nn.Module):
    """Autoencoder encoder: enc1 (16 ch, 32 px), enc2 (32 ch, 16 px), enc3 (64 ch, 8 px); forward gives enc3."""

    def __init__(self):
        super().__init__()
        self.enc1 = conv_stage(3, 16)
        self.enc2 = conv_stage(16, 32)
        self.enc3 = conv_stage(32, 64)

    def forward(self, x):
        return self.enc3(self.enc2(self.enc1(x)))


class Decoder(nn.Module):
    """Mirror of the encoder: three (nearest upsampling, 3x3 conv) steps back to 64 px."""

    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Upsample(scale_factor=2.0), nn.Conv2d(64, 32, 3, 1, 1), nn.ReLU(),
            nn.Upsample(scale_factor=2.0), nn.Conv2d(32, 16, 3, 1, 1), nn.ReLU(),
            nn.Upsample(scale_factor=2.0), nn.Conv2d(16, 16, 3, 1, 1), nn.ReLU(), nn.Conv2d(16, 3, 3, 1, 1))

    def forward(self, x):
        return self.layers(x)


def normal_cdf(x):
    return 0.5 * (1.0 + torch.erf(x / math.sqrt(2.0)))


GEOMETRY = slice(12, 15)  # centre x, centre y and size (image units) in the scene code


def scene_code(z: torch.Tensor, y: torch.Tensor, num_classes: int = 4) -> torch.Tensor:
    """Differentiable scene parameters of latents z (B, 16) and shapes y (B,), mirroring sample_world:
    z[0:4], z[4:8], z[8:12] -> softmax(4 z) over object colour, background colour, texture;
    z[12], z[13], z[14] -> normal CDF -> x, y fraction and size fraction; z[15] is unused.
    Returns (B, 19): the three distributions, centre x / 64, centre y / 64, size / 64, one-hot(y)."""
    colour = torch.softmax(4.0 * z[:, 0:4], dim=1)
    background = torch.softmax(4.0 * z[:, 4:8], dim=1)
    texture = torch.softmax(4.0 * z[:, 8:12], dim=1)
    fractions = normal_cdf(z[:, 12:15])
    size = world.MIN_SIZE + fractions[:, 2:3] * (world.MAX_SIZE - world.MIN_SIZE)
    low = size / 2 + world.MARGIN
    centre = low + fractions[:, 0:2] * (world.IMAGE_SIZE - 2 * low)
    geometry = torch.cat([centre, size], dim=1) / world.IMAGE_SIZE
    return torch.cat([colour, background, texture, geometry, F.one_hot(y, num_classes).to(z.dtype)], dim=1)


def scenes_from_latents(z: torch.Tensor, y: torch.Tensor) -> List[world.Scene]:
    """The exact scenes the generator is trained to draw: argmax of each distribution, CDF for geometry."""
    z64 = z.double().numpy()
    fractions = 0.5 * (1.0 + np.vectorize(math.erf)(z64[:, 12:15] / math.sqrt(2.0)))
    scenes = []
    for row, label, (fx, fy, fs) in zip(z64, y.tolist(), fractions):
        size = world.size_from_fraction(fs)
        scenes.append(world.Scene(world.SHAPES[label], list(world.OBJECT_COLOURS)[int(np.argmax(row[0:4]))],
                                  list(world.BACKGROUND_COLOURS)[int(np.argmax(row[4:8]))],
                                  world.TEXTURES[int(np.argmax(row[8:12]))],
                                  world.position_from_fraction(size, fx), world.position_from_fraction(size, fy),
                                  size))
    return scenes


def coordinate_grid(size: int) -> torch.Tensor:
    """(1, 2, size, size) pixel-centre x and y in image units (0..1), so convs know where they are."""
    centres = (torch.arange(size, dtype=torch.float32) + 0.5) / size
    return torch.stack([centres.view(1, size).expand(size, size), centres.view(size, 1).expand(size, size)])[None]


class UpStage(nn.Module):
    """Doubles the resolution: nearest upsampling, then two 3x3 convs. Besides the features, the convs see the
    pixel coordinates, the coordinates relative to the object and their magnitudes (centre and size come from
    the scene code, so shapes are drawn in a canonical, mirror-symmetric frame) and a learned positional canvas
    (for the fixed-phase textures); their biases are linear in the scene code (the cheap equivalent of
    concatenating the code at every pixel)."""

    def __init__(self, in_channels: int, code_size: int, out_channels: int, out_size: int, canvas_channels: int = 4):
        super().__init__()
        self.register_buffer("coordinates", coordinate_grid(out_size))
        self.canvas = nn.Parameter(0.5 * torch.randn(1, canvas_channels, out_size, out_size))
        extra = 6 + canvas_channels
        self.convs = nn.ModuleList([nn.Conv2d(in_channels + extra, out_channels, 3, 1, 1),
                                    nn.Conv2d(out_channels + extra, out_channels, 3, 1, 1)])
        self.code_bias = nn.Linear(code_size, out_channels * len(self.convs))

    def forward(self, x, code):
        x = F.interpolate(x, scale_factor=2.0, mode="nearest")
        centre, size = code[:, GEOMETRY][:, 0:2, None, None], code[:, GEOMETRY][:, 2:3, None, None]
        relative = (self.coordinates - centre) / size
        relative = torch.cat([relative, relative.abs()], dim=1)
        fixed = torch.cat([self.coordinates, self.canvas], dim=1).expand(x.shape[0], -1, -1, -1)
        coordinates = torch.cat([fixed, relative], dim=1)
        biases = self.code_bias(code)[:, :, None, None].chunk(len(self.convs), dim=1)
        for conv, bias in zip(self.convs, biases):
            x = F.leaky_relu(conv(torch.cat([x, coordinates], dim=1)) + bias, 0.2)
        return x


class WorldGenerator(nn.Module):
    """Class-conditional neural renderer: z (B, 16), y (B,) int64 -> image (B, 3, 64, 64) in [-1, 1].
    Stages gen1..gen4 give 8, 16, 32 and 64 px feature maps."""

    def __init__(self, num_classes=4, widths=(96, 64, 48, 32, 16)):
        super().__init__()
        self.num_classes = num_classes
        code_size = 15 + num_classes
        self.start = widths[0]
        self.project = nn.Linear(code_size, widths[0] * 16)
        self.gen1 = UpStage(widths[0], code_size, widths[1], 8)
        self.gen2 = UpStage(widths[1], code_size, widths[2], 16)
        self.gen3 = UpStage(widths[2], code_size, widths[3], 32)
        self.gen4 = UpStage(widths[3], code_size, widths[4], 64)
        self.to_rgb = nn.Conv2d(widths[4], 3, 3, 1, 1)

    def forward(self, z, y):
        code = scene_code(z, y, self.num_classes)
        x = F.leaky_relu(self.project(code), 0.2).view(z.shape[0], self.start, 4, 4)
        for stage in (self.gen1, self.gen2, self.gen3, self.gen4):
            x = stage(x, code)
        return torch.tanh(self.to_rgb(x))


# ---------------------------------------------------------------- training

class TrainingLog:
    """Per-epoch rows written to training-log.csv as they come, echoed to the console."""

    def __init__(self, path: str, keep: bool = False):
        """keep: go on from the rows already in the file (training resumed from the saved weights)."""
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self.path = path
        self.rows = []
        if keep and os.path.exists(path):
            with open(path, newline="") as handle:
                self.rows = list(csv.DictReader(handle))
        self.started = time.time() - (float(self.rows[-1]["seconds"]) if self.rows else 0.0)

    def add(self, **values):
        row = {column: values.get(column, "") for column in LOG_COLUMNS}
        row["seconds"] = round(time.time() - self.started, 1)
        for key, value in row.items():
            if isinstance(value, float) and key != "seconds":
                row[key] = round(value, 5)
        self.rows.append(row)
        with open(self.path, "w", newline="") as handle:
            writer = csv.DictWriter(handle, LOG_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(self.rows)
        print("  " + ", ".join("%s=%s" % (k, v) for k, v in row.items() if v != ""), flush=True)


def validation_set():
    return scene_batch(VAL_START, VAL_COUNT)


def evaluate_classifier(model, images, labels):
    model.eval()
    with torch.no_grad():
        logits = torch.cat([model(chunk) for chunk in images.split(250)])
    model.train()
    return F.cross_entropy(logits, labels).item(), (logits.argmax(1) == labels).float().mean().item()


def train_classifier(model, log: TrainingLog, epochs: int, images_per_epoch: int, batch: int, lr: float,
                     weight_decay: float):
    """AdamW with a one-cycle schedule; every epoch sees fresh scenes (epoch e uses scenes e*N..(e+1)*N-1)."""
    val_images, val_labels = validation_set()
    steps_per_epoch = images_per_epoch // batch
    optimiser = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, lr, total_steps=epochs * steps_per_epoch,
                                                   pct_start=0.15)
    model.train()
    for epoch in range(epochs):
        images, labels = scene_batch(epoch * images_per_epoch, images_per_epoch)
        order = torch.randperm(images_per_epoch)
        loss_sum = correct = 0.0
        for step in range(steps_per_epoch):
            index = order[step * batch:(step + 1) * batch]
            logits = model(images[index])
            loss = F.cross_entropy(logits, labels[index])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            loss_sum += loss.item() * len(index)
            correct += (logits.argmax(1) == labels[index]).sum().item()
        seen = steps_per_epoch * batch
        val_loss, val_accuracy = evaluate_classifier(model, val_images, val_labels)
        log.add(epoch=epoch + 1, images=(epoch + 1) * seen, train_loss=loss_sum / seen, train_accuracy=correct / seen,
                val_loss=val_loss, val_accuracy=val_accuracy)
    model.eval()


def train_autoencoder(encoder, decoder, log: TrainingLog, epochs=4, images_per_epoch=6000, batch=64, lr=2e-3):
    """Reconstruction (MSE on normalised pixels); no labels are used."""
    val_images, _ = validation_set()
    parameters = list(encoder.parameters()) + list(decoder.parameters())
    optimiser = torch.optim.Adam(parameters, lr=lr)
    steps_per_epoch = images_per_epoch // batch
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, lr, total_steps=epochs * steps_per_epoch,
                                                   pct_start=0.15)
    for epoch in range(epochs):
        images, _ = scene_batch(epoch * images_per_epoch, images_per_epoch)
        order = torch.randperm(images_per_epoch)
        loss_sum = 0.0
        for step in range(steps_per_epoch):
            chunk = images[order[step * batch:(step + 1) * batch]]
            loss = F.mse_loss(decoder(encoder(chunk)), chunk)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            loss_sum += loss.item()
        with torch.no_grad():
            val_loss = np.mean([F.mse_loss(decoder(encoder(c)), c).item() for c in val_images.split(250)])
        log.add(epoch=epoch + 1, images=(epoch + 1) * steps_per_epoch * batch, train_loss=loss_sum / steps_per_epoch,
                val_loss=float(val_loss))
    encoder.eval()


def latent_batch(rng: torch.Generator, count: int):
    return torch.randn(count, LATENT_SIZE, generator=rng), torch.randint(4, (count,), generator=rng)


def render_targets(z, y):
    """Renderer images of the decoded scenes, scaled to the generator's [-1, 1] range, and per-pixel loss
    weights that count object pixels OBJECT_WEIGHT times (objects are small but what the world is about)."""
    images, objects, _ = world.render_with_masks(scenes_from_latents(z, y))
    weights = 1.0 + (OBJECT_WEIGHT - 1.0) * torch.from_numpy(objects).float()[:, None]
    return torch.from_numpy(images).permute(0, 3, 1, 2).float() / 127.5 - 1.0, weights


def weighted_l1(images, targets, weights):
    return ((images - targets).abs() * weights).mean() / weights.mean()


def train_generator(generator, log: TrainingLog, epochs=12, steps_per_epoch=500, batch=16, lr=3e-3):
    """Weighted L1 between the generator's image and the renderer's image of the same decoded scene; the
    logged val_loss is the plain L1 on 256 fixed validation latents."""
    rng = torch.Generator().manual_seed(TRAIN_SEED)
    val_z, val_y = latent_batch(torch.Generator().manual_seed(VAL_START), 256)
    val_targets, _ = render_targets(val_z, val_y)
    optimiser = torch.optim.Adam(generator.parameters(), lr=lr)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, lr, total_steps=epochs * steps_per_epoch,
                                                   pct_start=0.1)
    for epoch in range(epochs):
        loss_sum = 0.0
        for _ in range(steps_per_epoch):
            z, y = latent_batch(rng, batch)
            loss = weighted_l1(generator(z, y), *render_targets(z, y))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            loss_sum += loss.item()
        with torch.no_grad():
            val_loss = F.l1_loss(generator(val_z, val_y), val_targets).item()
        log.add(epoch=epoch + 1, images=(epoch + 1) * steps_per_epoch * batch, train_loss=loss_sum / steps_per_epoch,
                val_loss=val_loss)
    generator.eval()


# ---------------------------------------------------------------- verification fixtures

def tensor_summary(tensor: torch.Tensor, positions: int = TEST_IO_POSITIONS) -> dict:
    """Shape, float64 mean and sum, largest magnitude, and values at fixed positions: every element of small
    tensors, else the first and last element and positions - 2 drawn with numpy default_rng(0)."""
    array = tensor.detach().numpy()
    flat = array.reshape(-1)
    if flat.size <= positions:
        picks = list(range(flat.size))
    else:
        inner = 1 + np.random.default_rng(0).choice(flat.size - 2, positions - 2, replace=False)
        picks = [0, flat.size - 1] + sorted(inner.tolist())
    return {
        "shape": list(array.shape),
        "mean": float(array.astype(np.float64).mean()),
        "sum": float(array.astype(np.float64).sum()),
        "abs_max": float(np.abs(array).max()),
        "values": [[[int(i) for i in np.unravel_index(int(p), array.shape)], float(flat[int(p)])] for p in picks],
    }


def compact_json(value, indent: str = "") -> str:
    """JSON with one line per object member; lists without objects inside (numbers, [index, value] pairs) stay
    on one line, so the fixtures are short and readable."""
    inner = indent + "  "
    if isinstance(value, dict):
        members = ["%s%s: %s" % (inner, json.dumps(key), compact_json(item, inner)) for key, item in value.items()]
        return "{\n" + ",\n".join(members) + "\n" + indent + "}"
    if _holds_object(value):
        return "[\n" + ",\n".join(inner + compact_json(item, inner) for item in value) + "\n" + indent + "]"
    return json.dumps(value)


def _holds_object(value) -> bool:
    return isinstance(value, dict) or (isinstance(value, list) and any(_holds_object(item) for item in value))


def sample_image() -> np.ndarray:
    """scene_0.png as uint8 (1, 64, 64, 3)."""
    with Image.open(SAMPLE_IMAGE) as file:
        image = np.array(file.convert("RGB"))
    if image.shape[:2] != (world.IMAGE_SIZE, world.IMAGE_SIZE):
        raise ValueError("%s is not %d px; regenerate it with tools/sample_world.py" % (SAMPLE_IMAGE, world.IMAGE_SIZE))
    return image[None]


def sample_input() -> torch.Tensor:
    """scene_0.png preprocessed as the manifest says: RGB / 255, (x - mean) / std, no resize (already 64 px)."""
    return to_input(sample_image())


def sample_pixels() -> torch.Tensor:
    """scene_0.png as the packages' test input: (1, 3, 64, 64) RGB / 255, before preprocessing."""
    return torch.from_numpy(sample_image()).permute(0, 3, 1, 2).float() / 255.0


def write_test_io(package_dir: str, manifest: dict) -> None:
    """test-io.json: what the saved TorchScript file gives for one fixed input, for the Java tests."""
    module = torch.jit.load(os.path.join(package_dir, export_model.WEIGHTS_FILE), map_location="cpu")
    rosetta = manifest["config"]["rosetta"]
    fixture = {"model": manifest["name"], "role": rosetta["role"], "weights_sha256":
               manifest["weights"]["torchscript"]["sha256"], "tolerance_relative": 1e-4}
    with torch.no_grad():
        if rosetta["role"] == "generator":
            latent_size = rosetta["generator"]["latent_size"]
            z = torch.randn(1, latent_size, generator=torch.Generator().manual_seed(0))
            y = torch.tensor([1], dtype=torch.int64)
            outputs = module.generate(z, y)
            fixture["method"] = rosetta["generator"]["method"]
            fixture["input"] = {"z": [float(v) for v in z[0]], "y": [1], "z_recipe":
                                "torch.randn(1, %d, generator=torch.Generator().manual_seed(0))" % latent_size}
            fixture["image"] = tensor_summary(outputs[rosetta["generator"]["image_output"]])
        else:
            x = sample_input()
            outputs = module.activations(x)
            fixture["method"] = rosetta["activations_method"]
            fixture["input"] = {"image": os.path.relpath(SAMPLE_IMAGE, ROOT), "preprocessing":
                                "RGB / 255, then (x - mean) / std per channel; no resize", "mean": MEAN, "std": STD,
                                "tensor": tensor_summary(x)}
            fixture["forward"] = tensor_summary(module(x))
    fixture["layers"] = {}
    for layer in rosetta["layers"]:
        tensor = outputs[layer["output"]]
        summary = {"name": layer["name"], "tokens": bool(layer.get("tokens", False))}
        if summary["tokens"]:
            batch, tokens, channels = tensor.shape
            side = math.isqrt(tokens - layer["prefix_tokens"])
            summary["prefix_tokens"] = layer["prefix_tokens"]
            summary["folded_shape"] = [batch, channels, side, side]
        summary.update(tensor_summary(tensor))
        fixture["layers"][layer["output"]] = summary
    with open(os.path.join(package_dir, "test-io.json"), "w") as handle:
        handle.write(compact_json(fixture) + "\n")


def save_samples(generator, path: str) -> None:
    """samples.png: rows of generator images (top of each pair) over the renderer's image of the same scene."""
    z = torch.randn(16, LATENT_SIZE, generator=torch.Generator().manual_seed(2024))
    y = torch.arange(16) % len(world.SHAPES)
    with torch.no_grad():
        generated = generator(z, y)
    rows = []
    for half in (slice(0, 8), slice(8, 16)):
        rows += [generated[half], render_targets(z[half], y[half])[0]]
    grid = torch.cat([torch.cat(list(row), dim=2) for row in rows], dim=1)
    pixels = ((grid.permute(1, 2, 0).clamp(-1, 1) + 1) * 127.5).round().byte().numpy()
    Image.fromarray(pixels, "RGB").resize((pixels.shape[1] * 2, pixels.shape[0] * 2), Image.NEAREST).save(path)


# ---------------------------------------------------------------- the zoo

def export_classifier(model, name, layers, description, prefix_tokens=None):
    package = os.path.join(ZOO_DIR, name)
    manifest = export_model.export_image_model(
        model, package, name=name, layers=layers, input_shape=(3, world.IMAGE_SIZE, world.IMAGE_SIZE), mean=MEAN,
        std=STD, role="classifier", classes=list(world.SHAPES), description=description, authors=ZOO_AUTHORS,
        cite=ZOO_CITE, test_pixels=sample_pixels(), prefix_tokens=prefix_tokens)
    write_test_io(package, manifest)


RESNET_LAYERS = ["layer1", "layer2", "layer3", "layer4"]
VIT_LAYERS = ["blocks.0", "blocks.1", "blocks.2", "blocks.3"]
VIT_PROJECTIONS = ["%s.%s" % (block, part) for block in VIT_LAYERS for part in export_model.PROJECTIONS]
VIT_PACKAGES = ("vit-shapes", "vit-shapes-random")


def build_resnet_shapes():
    torch.manual_seed(10)
    model = ShapeResNet()
    train_classifier(model, TrainingLog(os.path.join(ZOO_DIR, "resnet-shapes", "training-log.csv")), epochs=3,
                     images_per_epoch=8000, batch=64, lr=4e-3, weight_decay=1e-4)
    export_classifier(model, "resnet-shapes", RESNET_LAYERS,
                      "Small ResNet (basic blocks, widths 16/32/64/128) trained to classify the object's shape in "
                      "the sample world (tools/train_zoo.py).")


def build_vit_shapes():
    torch.manual_seed(20)
    model = ShapeViT()
    train_classifier(model, TrainingLog(os.path.join(ZOO_DIR, "vit-shapes", "training-log.csv")), epochs=8,
                     images_per_epoch=8000, batch=64, lr=2e-3, weight_decay=0.05)
    export_classifier(model, "vit-shapes", VIT_LAYERS + VIT_PROJECTIONS,
                      "Small ViT (8 px patches, 8x8 tokens plus a class token, dim 64, 4 blocks) trained to "
                      "classify the object's shape in the sample world (tools/train_zoo.py).")


def build_random_controls():
    torch.manual_seed(10)
    export_classifier(ShapeResNet().eval(), "resnet-shapes-random", RESNET_LAYERS,
                      "Control: resnet-shapes' architecture at its seeded random initialisation, untrained.")
    torch.manual_seed(20)
    export_classifier(ShapeViT().eval(), "vit-shapes-random", VIT_LAYERS + VIT_PROJECTIONS,
                      "Control: vit-shapes' architecture at its seeded random initialisation, untrained.")


def reexport_vit_qkv():
    """Re-exports vit-shapes and vit-shapes-random with every block's q, k and v (VIT_PROJECTIONS) from their own
    weights.pt, without retraining: the TorchScript state dict is loaded into ShapeViT, which must reproduce every
    output of the old file (checked before anything is written, and again on the new file)."""
    probe = torch.cat([sample_input(), torch.randn(3, 3, world.IMAGE_SIZE, world.IMAGE_SIZE,
                                                   generator=torch.Generator().manual_seed(5))])
    for name in VIT_PACKAGES:
        package = os.path.join(ZOO_DIR, name)
        old = torch.jit.load(os.path.join(package, export_model.WEIGHTS_FILE), map_location="cpu")
        model = ShapeViT()
        model.load_state_dict({key[len("model."):]: value for key, value in old.state_dict().items()})
        model.eval()
        with torch.no_grad():
            before = dict(old.activations(probe), forward=old(probe))
            eager = export_model.ActivationModel(model, {layer: layer for layer in VIT_LAYERS})
            export_model.compare_outputs(before, dict(eager.activations(probe), forward=model(probe)),
                                         "%s: ShapeViT with the loaded weights vs the old weights.pt" % name)
        description = export_model.load_manifest(package)["description"]
        export_classifier(model, name, VIT_LAYERS + VIT_PROJECTIONS, description)
        new = torch.jit.load(os.path.join(package, export_model.WEIGHTS_FILE), map_location="cpu")
        with torch.no_grad():
            after = dict(new.activations(probe), forward=new(probe))
        export_model.compare_outputs(before, {key: after[key] for key in before},
                                     "%s: the re-exported weights.pt vs the old one" % name)
        print("%s: block outputs and logits unchanged; added %s" % (name, ", ".join(VIT_PROJECTIONS)))


def build_autoencoder():
    torch.manual_seed(30)
    encoder, decoder = Encoder(), Decoder()
    name = "autoencoder-encoder"
    train_autoencoder(encoder, decoder, TrainingLog(os.path.join(ZOO_DIR, name, "training-log.csv")))
    package = os.path.join(ZOO_DIR, name)
    manifest = export_model.export_image_model(
        encoder, package, name=name, layers=["enc1", "enc2", "enc3"], input_shape=(3, world.IMAGE_SIZE,
                                                                                   world.IMAGE_SIZE),
        mean=MEAN, std=STD, role="encoder", authors=ZOO_AUTHORS, cite=ZOO_CITE, test_pixels=sample_pixels(),
        description="Encoder of a conv autoencoder trained by reconstruction on the sample world (no labels).")
    write_test_io(package, manifest)


def build_generator():
    torch.manual_seed(40)
    generator = WorldGenerator()
    name = "world-generator"
    package = os.path.join(ZOO_DIR, name)
    train_generator(generator, TrainingLog(os.path.join(package, "training-log.csv")))
    manifest = export_model.export_generator(
        generator, package, name=name, layers=["gen1", "gen2", "gen3", "gen4"], latent_size=LATENT_SIZE,
        num_classes=len(world.SHAPES), image_shape=(3, world.IMAGE_SIZE, world.IMAGE_SIZE), image_range=(-1, 1),
        classes=list(world.SHAPES), authors=ZOO_AUTHORS, cite=ZOO_CITE,
        description="Class-conditional neural renderer of the sample world: y picks the shape; z[0:4], z[4:8], "
                    "z[8:12] pick object colour, background colour and texture (largest entry); z[12], z[13], "
                    "z[14] set x, y and size through the normal CDF; z[15] is unused.")
    write_test_io(package, manifest)
    save_samples(generator, os.path.join(package, "samples.png"))


def refresh_manifest(name: str) -> None:
    """Rewrites a package's rdf.yaml, test tensors and README.md from its saved weights, without retraining:
    weights.pt, test-io.json and the training log stay as they are. The layers, description and licence are
    kept from the current manifest."""
    package = os.path.join(ZOO_DIR, name)
    old = export_model.load_manifest(package)
    rosetta = old["config"]["rosetta"]
    module = torch.jit.load(os.path.join(package, export_model.WEIGHTS_FILE), map_location="cpu")
    layer_map = {layer["name"]: layer.get("output", layer["name"]) for layer in rosetta["layers"]}
    projections = {layer["name"]: layer["projection"] for layer in rosetta["layers"] if layer.get("projection")}
    size = (world.IMAGE_SIZE, world.IMAGE_SIZE)
    generator = None
    with torch.no_grad():
        if rosetta["role"] == "generator":
            spec = rosetta["generator"]
            generator = export_model.generator_config(spec["latent_size"], spec["num_classes"], spec["image_output"],
                                                      spec["image_range"])
            inputs, outputs = export_model.generator_tensors(module, spec["latent_size"], spec["num_classes"],
                                                             spec["image_output"], spec["image_range"])
            activations = module.generate(*(torch.from_numpy(t.test_value) for t in inputs))
        else:
            steps = export_model.normalisation_steps(MEAN, STD)
            inputs, outputs = export_model.image_model_tensors(module, steps, sample_pixels(), rosetta.get("classes"))
            activations = module.activations(export_model.preprocess(sample_pixels(), steps))
    export_model.write_manifest(
        package, name=name, description=old["description"], license_id=old["license"], role=rosetta["role"],
        layers=export_model.describe_layers(activations, layer_map, size, projections=projections), inputs=inputs,
        outputs=outputs,
        classes=rosetta.get("classes"), generator=generator, authors=ZOO_AUTHORS, cite=ZOO_CITE,
        pytorch_version=old["weights"]["torchscript"]["pytorch_version"])
    export_model.verify_package(package, verbose=False)
    print("rewrote the manifest of %s (weights unchanged)" % name)


PACKAGES = ["resnet-shapes", "resnet-shapes-random", "vit-shapes", "vit-shapes-random", "autoencoder-encoder",
            "world-generator"]

BUILDERS = {
    "resnet-shapes": build_resnet_shapes,
    "vit-shapes": build_vit_shapes,
    "autoencoder-encoder": build_autoencoder,
    "world-generator": build_generator,
    "random-controls": build_random_controls,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default=",".join(BUILDERS), help="comma-separated, from: " + ", ".join(BUILDERS))
    parser.add_argument("--manifests-only", action="store_true",
                        help="rewrite every package's manifest, test tensors and README.md from its weights")
    parser.add_argument("--reexport-qkv", action="store_true", help="only re-export %s with q/k/v layers from their "
                        "current weights (no training)" % " and ".join(VIT_PACKAGES))
    args = parser.parse_args()
    torch.set_num_threads(2)
    if not os.path.exists(SAMPLE_IMAGE):
        raise SystemExit("%s is missing; run tools/sample_world.py first" % SAMPLE_IMAGE)
    if args.manifests_only:
        for name in PACKAGES:
            refresh_manifest(name)
        return
    if args.reexport_qkv:
        reexport_vit_qkv()
        return
    started = time.time()
    for name in args.models.split(","):
        began = time.time()
        print("== %s" % name, flush=True)
        BUILDERS[name.strip()]()
        print("== %s took %.0f s" % (name, time.time() - began), flush=True)
    print("zoo done in %.0f s" % (time.time() - started))


if __name__ == "__main__":
    main()
