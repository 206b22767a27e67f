"""Trains zoo v2 on sample world v2 (tools/world_v2.py) and exports every model as a package under
sample-data/v2/zoo/<model>/ (rdf.yaml, weights.pt, test tensors, training-log.csv).

Models (world v2 hides objects in colours and textures the background also has, so only a network that learned
shapes finds them):
  resnet-scenes         supervised CNN: which shapes appear together (one presence logit per shape; the set of
                        shapes present is the scene class, 10 classes)
  vit-scenes            supervised ViT (12 px patches, 8x8 tokens): the same task
  context-encoder       self-supervised plain CNN: the encoder of a context encoder that rebuilds an image with
                        two squares blanked out (no labels)
  scene-generator       class-conditional decoder of a variational autoencoder: z (64) and the class give the
                        image and, as its layer "mask", the objects' mask logits
  resnet-scenes-random, vit-scenes-random: the supervised architectures at their seeded initialisation

Training images come from a fixed, seeded set rendered once (TRAIN_COUNT scenes of TRAIN_SEED, cached in
--cache); validation from VAL_START.. of the same seed. Run with Debian's python (torch 1.13), on CPU or GPU:
    /usr/bin/python3 tools/train_zoo_v2.py                          # everything
    /usr/bin/python3 tools/train_zoo_v2.py --models resnet-scenes   # one model
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import sys
import time
from dataclasses import dataclass
from typing import Callable, List, Optional, Tuple

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_model  # noqa: E402
import train_zoo  # noqa: E402
import world_v2 as world  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ZOO_DIR = os.path.join(ROOT, "sample-data", "v2", "zoo")
SAMPLE_IMAGE = os.path.join(ROOT, "sample-data", "v2", "images", "scene_0.png")
MEAN, STD = train_zoo.MEAN, train_zoo.STD
TRAIN_SEED = 1
TRAIN_COUNT = 8000
VAL_START = 1_000_000
VAL_COUNT = 1000
LATENT_SIZE = 64
SIZE = world.IMAGE_SIZE
DEVICE = torch.device("cuda" if torch.cuda.is_available() else "cpu")


# ---------------------------------------------------------------- data

class SceneSet:
    """Rendered scenes as uint8 (N, 96, 96, 3), their classes and object masks; cached as .npz."""

    def __init__(self, start: int, count: int, cache: str):
        path = os.path.join(cache, "world-v2-%d-%d-%d.npz" % (TRAIN_SEED, start, count))
        if os.path.exists(path):
            data = np.load(path)
            self.images, self.labels, self.masks = data["images"], data["labels"], data["masks"]
            return
        began = time.time()
        scenes = world.sample_scenes(TRAIN_SEED, start, count)
        self.images = world.render_scenes(scenes)
        self.labels = np.array([scene.label for scene in scenes], np.int64)
        self.masks = world.object_masks(scenes)
        os.makedirs(cache, exist_ok=True)
        np.savez(path, images=self.images, labels=self.labels, masks=self.masks)
        print("rendered %d scenes in %.0f s" % (count, time.time() - began), flush=True)

    def __len__(self):
        return len(self.labels)

    def batch(self, index):
        return (to_input(self.images[index]).to(DEVICE), torch.from_numpy(self.labels[index]).to(DEVICE),
                torch.from_numpy(self.masks[index]).float()[:, None].to(DEVICE))


def to_input(images: np.ndarray) -> torch.Tensor:
    return train_zoo.to_input(np.ascontiguousarray(images))


def sample_pixels() -> torch.Tensor:
    """scene_0.png as the packages' test input: (1, 3, 96, 96) RGB / 255."""
    with Image.open(SAMPLE_IMAGE) as file:
        image = np.array(file.convert("RGB"))
    return torch.from_numpy(image[None]).permute(0, 3, 1, 2).float() / 255.0


# ---------------------------------------------------------------- models

def normalised_stage(in_channels: int, out_channels: int) -> nn.Sequential:
    """Halves the resolution: strided 3x3 conv, then a 3x3 conv, each followed by batch norm and ReLU."""
    return nn.Sequential(nn.Conv2d(in_channels, out_channels, 3, 2, 1, bias=False), nn.BatchNorm2d(out_channels),
                         nn.ReLU(), nn.Conv2d(out_channels, out_channels, 3, 1, 1, bias=False),
                         nn.BatchNorm2d(out_channels), nn.ReLU())


class ContextEncoder(nn.Module):
    """Plain CNN encoder (no shortcuts): enc1..enc4 at 48, 24, 12 and 6 px; forward gives enc4. The decoder
    (nearest upsampling and 3x3 convs back to 96 px) fills in the image, blanked squares included, and is used in
    training only."""

    def __init__(self, widths=(16, 32, 64, 96)):
        super().__init__()
        self.enc1 = normalised_stage(3, widths[0])
        self.enc2 = normalised_stage(widths[0], widths[1])
        self.enc3 = normalised_stage(widths[1], widths[2])
        self.enc4 = normalised_stage(widths[2], widths[3])

    def forward(self, x):
        return self.enc4(self.enc3(self.enc2(self.enc1(x))))


def context_decoder(widths=(96, 64, 32, 16)) -> nn.Sequential:
    layers = []
    for in_channels, out_channels in zip(widths, widths[1:] + (16,)):
        layers += [nn.Upsample(scale_factor=2.0), nn.Conv2d(in_channels, out_channels, 3, 1, 1), nn.ReLU()]
    return nn.Sequential(*layers, nn.Conv2d(16, 3, 3, 1, 1))


class UpBlock(nn.Module):
    """Doubles the resolution: nearest upsampling, two 3x3 convs with a class-dependent bias (linear in the
    one-hot class: an embedding lookup would keep the class indices for backward, which libtorch refuses for
    the inference tensors a caller may pass)."""

    def __init__(self, in_channels: int, out_channels: int, classes: int):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, 1, 1)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, 1, 1)
        self.class_bias = nn.Linear(classes, 2 * out_channels, bias=False)

    def forward(self, x, one_hot):
        first, second = self.class_bias(one_hot)[:, :, None, None].chunk(2, dim=1)
        x = F.interpolate(x, scale_factor=2.0, mode="nearest")
        x = F.leaky_relu(self.conv1(x) + first, 0.2)
        return F.leaky_relu(self.conv2(x) + second, 0.2)


class SceneGenerator(nn.Module):
    """z (B, 64), y (B,) -> image (B, 3, 96, 96) in [-1, 1]; gen1..gen4 at 12, 24, 48 and 96 px; the 1x1 conv
    "mask" gives the objects' mask logits at 96 px (trained on the world's masks, used to score inversions)."""

    def __init__(self, classes=len(world.CLASSES), widths=(96, 64, 48, 24, 12)):
        super().__init__()
        self.start = widths[0]
        self.project = nn.Linear(LATENT_SIZE + classes, widths[0] * 36)
        self.classes = classes
        self.gen1 = UpBlock(widths[0], widths[1], classes)
        self.gen2 = UpBlock(widths[1], widths[2], classes)
        self.gen3 = UpBlock(widths[2], widths[3], classes)
        self.gen4 = UpBlock(widths[3], widths[4], classes)
        self.to_rgb = nn.Conv2d(widths[4], 3, 3, 1, 1)
        self.mask = nn.Conv2d(widths[4], 1, 1)

    def features(self, z, y):
        one_hot = F.one_hot(y, self.classes).to(z.dtype)
        x = F.leaky_relu(self.project(torch.cat([z, one_hot], dim=1)), 0.2).view(z.shape[0], self.start, 6, 6)
        for stage in (self.gen1, self.gen2, self.gen3, self.gen4):
            x = stage(x, one_hot)
        return x

    def forward(self, z, y):
        x = self.features(z, y)
        self.mask(x)  # recorded as the "mask" layer by the exporter's hooks
        return torch.tanh(self.to_rgb(x))

    def image_and_mask(self, z, y):
        x = self.features(z, y)
        return torch.tanh(self.to_rgb(x)), self.mask(x)


class SceneEncoder(nn.Module):
    """The VAE's encoder: image and class -> mean and log-variance of z."""

    def __init__(self, classes=len(world.CLASSES)):
        super().__init__()
        self.convs = nn.Sequential(train_zoo.conv_stage(3, 16), train_zoo.conv_stage(16, 32),
                                   train_zoo.conv_stage(32, 64), train_zoo.conv_stage(64, 128))
        self.classes = classes
        self.out = nn.Linear(128 * 36 + classes, 2 * LATENT_SIZE)

    def forward(self, x, y):
        features = torch.cat([self.convs(x).flatten(1), F.one_hot(y, self.classes).to(x.dtype)], dim=1)
        return self.out(features).chunk(2, dim=1)


# ---------------------------------------------------------------- training

def epochs_of(data: SceneSet, epochs: int, batch: int, seed: int):
    """(epoch, step, indices) over shuffled mini-batches."""
    rng = torch.Generator().manual_seed(seed)
    for epoch in range(epochs):
        order = torch.randperm(len(data), generator=rng).numpy()
        for step in range(len(data) // batch):
            yield epoch, step, order[step * batch:(step + 1) * batch]


def fit(optimiser, lr: float, train: SceneSet, epochs: int, batch: int, seed: int, pct_start: float, batch_loss,
        end_of_epoch):
    """One one-cycle schedule over shuffled mini-batches of the training set: batch_loss(indices) gives each
    batch's loss (and keeps its own running figures), end_of_epoch(epoch) runs after each epoch's last step."""
    steps_per_epoch = len(train) // batch
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, lr, total_steps=epochs * steps_per_epoch,
                                                   pct_start=pct_start)
    for epoch, step, index in epochs_of(train, epochs, batch, seed):
        loss = batch_loss(index)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        if step == steps_per_epoch - 1:
            end_of_epoch(epoch)


PRESENCE = torch.tensor([[float(shape in shapes) for shape in world.SHAPES] for shapes in world.CLASSES])


class PresenceTask:
    """Supervised: which of the four shapes the scene holds (the scene class is that set), one logit per shape,
    binary cross-entropy; an image counts as right when all four presences are."""

    @staticmethod
    def prepare(x, y, rng):
        return x, PRESENCE.to(y.device)[y]

    @staticmethod
    def loss(logits, target, reduction="mean"):
        per_image = F.binary_cross_entropy_with_logits(logits, target, reduction="none").sum(1)
        return per_image if reduction == "none" else per_image.mean()

    @staticmethod
    def correct(logits, target):
        return ((logits > 0).float() == target).all(1).sum().item()


def evaluate(model, val: SceneSet, task):
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(val), 250):
            x, y, _ = val.batch(np.arange(start, min(start + 250, len(val))))
            x, target = task.prepare(x, y, torch.Generator().manual_seed(start))
            logits = model(x)
            loss += task.loss(logits, target, reduction="none").sum().item()
            correct += task.correct(logits, target)
    model.train()
    return loss / len(val), correct / len(val)


def train_classifier(model, log, train: SceneSet, val: SceneSet, epochs: int, batch: int, lr: float,
                     weight_decay: float, task=PresenceTask, seed=0, first_epoch=0):
    """AdamW with a one-cycle schedule over the fixed training set; epochs are numbered from first_epoch + 1."""
    model.to(DEVICE).train()
    steps_per_epoch = len(train) // batch
    optimiser = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    rng = torch.Generator().manual_seed(seed + 1)
    running = {"loss": 0.0, "correct": 0.0, "seen": 0.0}

    def batch_loss(index):
        x, target = task.prepare(*train.batch(index)[:2], rng)
        logits = model(x)
        loss = task.loss(logits, target)
        running["loss"] += loss.item() * len(index)
        running["correct"] += task.correct(logits, target)
        running["seen"] += len(index)
        return loss

    def end_of_epoch(epoch):
        val_loss, val_accuracy = evaluate(model, val, task)
        done = first_epoch + epoch + 1
        log.add(epoch=done, images=done * steps_per_epoch * batch, train_loss=running["loss"] / running["seen"],
                train_accuracy=running["correct"] / running["seen"], val_loss=val_loss, val_accuracy=val_accuracy)
        running.update(loss=0.0, correct=0.0, seen=0.0)

    fit(optimiser, lr, train, epochs, batch, seed, 0.15, batch_loss, end_of_epoch)
    model.cpu().eval()


HOLE = 24  # side in pixels of the squares blanked out of a context encoder's input
HOLES = 2


def blank_squares(x, rng):
    """x with HOLES random HOLE x HOLE squares per image set to 0 (the normalised mean)."""
    x = x.clone()
    corners = torch.randint(SIZE - HOLE + 1, (x.shape[0], HOLES, 2), generator=rng)
    for image, squares in zip(x, corners.tolist()):
        for top, left in squares:
            image[:, top:top + HOLE, left:left + HOLE] = 0.0
    return x


def train_context_encoder(encoder, decoder, log, train: SceneSet, val: SceneSet, epochs: int, batch=64, lr=2e-3):
    """Self-supervised (no labels): the image is rebuilt, blanked squares included, from its blanked version;
    MSE on normalised pixels. Filling in a hidden roof or trunk needs the rest of the shape."""
    optimiser = torch.optim.Adam(list(encoder.parameters()) + list(decoder.parameters()), lr=lr)
    steps_per_epoch = len(train) // batch
    rng = torch.Generator().manual_seed(31)
    encoder.train()
    running = [0.0]

    def batch_loss(index):
        x = train.batch(index)[0]
        loss = F.mse_loss(decoder(encoder(blank_squares(x, rng))), x)
        running[0] += loss.item()
        return loss

    def end_of_epoch(epoch):
        encoder.eval()
        with torch.no_grad():
            x = val.batch(np.arange(256))[0]
            val_loss = F.mse_loss(decoder(encoder(blank_squares(x, torch.Generator().manual_seed(0)))), x)
        encoder.train()
        log.add(epoch=epoch + 1, images=(epoch + 1) * steps_per_epoch * batch, train_loss=running[0] / steps_per_epoch,
                val_loss=val_loss.item())
        running[0] = 0.0

    fit(optimiser, lr, train, epochs, batch, 30, 0.15, batch_loss, end_of_epoch)
    encoder.eval()


MASK_WEIGHT = 0.5
KL_WEIGHT = 1e-4
OBJECT_WEIGHT = 3.0


def vae_losses(encoder, generator, x, y, masks, sample=True):
    """Per-pixel L1 (object pixels weighted OBJECT_WEIGHT), mask BCE and KL to N(0, 1)."""
    mean, log_var = encoder(x, y)
    z = mean + torch.randn_like(mean) * (0.5 * log_var).exp() if sample else mean
    image, mask_logits = generator.image_and_mask(z, y)
    target = x * STD[0] + MEAN[0]  # back to [0, 1], then to the generator's [-1, 1]
    weights = 1.0 + (OBJECT_WEIGHT - 1.0) * masks
    l1 = ((image - (2 * target - 1)).abs() * weights).mean() / weights.mean()
    bce = F.binary_cross_entropy_with_logits(mask_logits, masks)
    kl = -0.5 * (1 + log_var - mean ** 2 - log_var.exp()).sum(1).mean()
    return l1, bce, kl


def train_generator(generator, encoder, log, train: SceneSet, val: SceneSet, epochs: int, batch=32, lr=2e-3):
    generator.to(DEVICE).train()
    encoder.to(DEVICE).train()
    optimiser = torch.optim.Adam(list(generator.parameters()) + list(encoder.parameters()), lr=lr)
    steps_per_epoch = len(train) // batch
    sums = np.zeros(3)

    def batch_loss(index):
        l1, bce, kl = vae_losses(encoder, generator, *train.batch(index))
        sums[:] += [l1.item(), bce.item(), kl.item()]
        return l1 + MASK_WEIGHT * bce + KL_WEIGHT * kl

    def end_of_epoch(epoch):
        generator.eval()
        encoder.eval()
        with torch.no_grad():
            val_l1, val_bce, _ = vae_losses(encoder, generator, *val.batch(np.arange(256)), sample=False)
        generator.train()
        encoder.train()
        print("  mask bce %.4f (val %.4f), kl %.2f" % (sums[1] / steps_per_epoch, val_bce.item(),
                                                      sums[2] / steps_per_epoch), flush=True)
        log.add(epoch=epoch + 1, images=(epoch + 1) * steps_per_epoch * batch, train_loss=sums[0] / steps_per_epoch,
                val_loss=val_l1.item())
        sums[:] = 0

    fit(optimiser, lr, train, epochs, batch, 40, 0.1, batch_loss, end_of_epoch)
    generator.cpu().eval()
    encoder.cpu().eval()


# ---------------------------------------------------------------- the zoo

def export_classifier(model, name, layers, description, role="classifier", classes=world.SHAPES,
                      prefix_tokens=None):
    export_model.export_image_model(
        model, os.path.join(ZOO_DIR, name), name=name, layers=layers, input_shape=(3, SIZE, SIZE), mean=MEAN,
        std=STD, role=role, classes=list(classes) if classes else None, description=description,
        authors=train_zoo.ZOO_AUTHORS, cite=train_zoo.ZOO_CITE, test_pixels=sample_pixels(),
        prefix_tokens=prefix_tokens)


RESNET_LAYERS = ["layer1", "layer2", "layer3", "layer4"]
VIT_LAYERS = ["blocks.0", "blocks.1", "blocks.2", "blocks.3"]
VIT_PROJECTIONS = ["%s.%s" % (block, part) for block in VIT_LAYERS for part in export_model.PROJECTIONS]


def new_resnet():
    torch.manual_seed(10)
    return train_zoo.ShapeResNet(num_classes=len(world.SHAPES))


def new_vit():
    torch.manual_seed(20)
    return train_zoo.ShapeViT(image_size=SIZE, patch=12, dim=64, depth=4, heads=4, mlp_dim=128,
                              num_classes=len(world.SHAPES))


TASK_TEXT = ("which shapes a sample world v2 scene holds (one logit per shape; the set is the scene class; "
             "tools/train_zoo_v2.py)")


@dataclass(frozen=True)
class ClassifierSpec:
    """How one image model of the zoo is made. cycles: (epochs, peak learning rate) of one-cycle schedules run
    in turn, each from where the one before ended."""
    new_model: Callable[[], nn.Module]
    layers: List[str]
    description: str
    cycles: Tuple[Tuple[int, float], ...]
    weight_decay: float
    seed: int
    task: type = PresenceTask
    role: str = "classifier"
    classes: Optional[Tuple[str, ...]] = world.SHAPES


CLASSIFIERS = {
    "resnet-scenes": ClassifierSpec(
        new_resnet, RESNET_LAYERS, "Small ResNet (basic blocks, widths 16/32/64/128, 96 px input) trained to tell "
        + TASK_TEXT + ".", ((4, 4e-3), (4, 2e-3), (4, 1e-3)), 1e-4, 10),
    "vit-scenes": ClassifierSpec(
        new_vit, VIT_LAYERS + VIT_PROJECTIONS, "Small ViT (12 px patches, 8x8 tokens plus a class token, dim 64, 4 "
        "blocks) trained to tell " + TASK_TEXT + ".", ((5, 1.5e-3), (4, 1e-3), (6, 1e-3)), 0.05, 20),
}


def build_classifier(name, train, val, epochs=0, resume=False):
    """Runs the spec's cycles (epochs overrides each cycle's length). resume: go on from the package's saved
    weights after the cycles its training log already holds; the cycles are seeded, so this gives what a run from
    scratch gives, up to float rounding."""
    spec = CLASSIFIERS[name]
    model = spec.new_model()
    log = train_zoo.TrainingLog(os.path.join(ZOO_DIR, name, "training-log.csv"), keep=resume)
    if resume:
        saved = torch.jit.load(os.path.join(ZOO_DIR, name, export_model.WEIGHTS_FILE), map_location="cpu")
        model.load_state_dict({key[len("model."):]: value for key, value in saved.state_dict().items()})
    first = 0
    for cycle, (cycle_epochs, lr) in enumerate(spec.cycles):
        cycle_epochs = epochs or cycle_epochs
        if first + cycle_epochs > len(log.rows):
            train_classifier(model, log, train, val, epochs=cycle_epochs, batch=64, lr=lr,
                             weight_decay=spec.weight_decay, task=spec.task, seed=spec.seed + cycle, first_epoch=first)
        first += cycle_epochs
    export_classifier(model, name, spec.layers, spec.description, role=spec.role, classes=spec.classes)


CONTEXT_EPOCHS = 4


def build_context_encoder(train, val, epochs):
    torch.manual_seed(30)
    encoder, decoder = ContextEncoder(), context_decoder()
    name = "context-encoder"
    train_context_encoder(encoder, decoder, train_zoo.TrainingLog(os.path.join(ZOO_DIR, name, "training-log.csv")),
                          train, val, epochs or CONTEXT_EPOCHS)
    export_classifier(encoder, name, ["enc1", "enc2", "enc3", "enc4"],
                      "Encoder of a context encoder trained without labels on sample world v2: it rebuilds an image "
                      "with two 24 px squares blanked out (plain CNN, widths 16/32/64/96, batch norm; "
                      "tools/train_zoo_v2.py).", role="encoder", classes=None)


def build_random_controls(train, val, epochs):
    export_classifier(new_resnet().eval(), "resnet-scenes-random", RESNET_LAYERS,
                      "Control: resnet-scenes' architecture at its seeded random initialisation, untrained.")
    export_classifier(new_vit().eval(), "vit-scenes-random", VIT_LAYERS + VIT_PROJECTIONS,
                      "Control: vit-scenes' architecture at its seeded random initialisation, untrained.")


def save_samples(generator, encoder, val: SceneSet, path: str) -> None:
    """samples.png: a row of real validation scenes, their reconstructions, and a row of samples from N(0, 1)."""
    x, y, _ = val.batch(np.arange(8))
    with torch.no_grad():
        mean, _ = encoder(x, y)
        rows = [x * STD[0] + MEAN[0], (generator(mean, y) + 1) / 2,
                (generator(torch.randn(8, LATENT_SIZE, generator=torch.Generator().manual_seed(2024)),
                           torch.arange(8) % len(world.CLASSES)) + 1) / 2]
    grid = torch.cat([torch.cat(list(row.cpu()), dim=2) for row in rows], dim=1)
    pixels = (grid.permute(1, 2, 0).clamp(0, 1) * 255).round().byte().numpy()
    Image.fromarray(pixels, "RGB").save(path)


GENERATOR_EPOCHS = 4


def build_generator(train, val, epochs):
    epochs = epochs or GENERATOR_EPOCHS
    torch.manual_seed(40)
    generator, encoder = SceneGenerator(), SceneEncoder()
    name = "scene-generator"
    package = os.path.join(ZOO_DIR, name)
    train_generator(generator, encoder, train_zoo.TrainingLog(os.path.join(package, "training-log.csv")), train,
                    val, epochs)
    export_model.export_generator(
        generator, package, name=name, layers=["gen1", "gen2", "gen3", "gen4", "mask"], latent_size=LATENT_SIZE,
        num_classes=len(world.CLASSES), image_shape=(3, SIZE, SIZE), image_range=(-1, 1),
        classes=list(world.CLASS_NAMES), authors=train_zoo.ZOO_AUTHORS, cite=train_zoo.ZOO_CITE,
        description="Class-conditional decoder of a variational autoencoder trained on sample world v2: z ~ N(0, 1) "
                    "(64) and the scene class give the image; the layer 'mask' holds the objects' mask logits.")
    save_samples(generator, encoder, val, os.path.join(package, "samples.png"))


BUILDERS = {
    "resnet-scenes": lambda train, val, epochs: build_classifier("resnet-scenes", train, val, epochs),
    "random-controls": build_random_controls,
    "context-encoder": build_context_encoder,
    "vit-scenes": lambda train, val, epochs: build_classifier("vit-scenes", train, val, epochs),
    "scene-generator": build_generator,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default=",".join(BUILDERS), help="comma-separated, from: " + ", ".join(BUILDERS))
    parser.add_argument("--epochs", type=int, default=0, help="override every model's epochs (0: each its own)")
    parser.add_argument("--train-count", type=int, default=TRAIN_COUNT, help="scenes in the training set")
    parser.add_argument("--cache", default=os.path.join(ROOT, "target", "world-v2-cache"),
                        help="folder for the rendered training set")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--resume", action="store_true",
                        help="go on training the --models (image models) from their saved weights, after the cycles their logs "
                             "hold")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if not os.path.exists(SAMPLE_IMAGE):
        raise SystemExit("%s is missing; run tools/world_v2.py first" % SAMPLE_IMAGE)
    train = SceneSet(0, args.train_count, args.cache)
    val = SceneSet(VAL_START, VAL_COUNT, args.cache)
    if args.resume:
        for name in args.models.split(","):
            build_classifier(name.strip(), train, val, args.epochs, resume=True)
        return
    started = time.time()
    for name in args.models.split(","):
        began = time.time()
        print("== %s on %s" % (name, DEVICE), flush=True)
        BUILDERS[name.strip()](train, val, args.epochs)
        print("== %s took %.0f s" % (name, time.time() - began), flush=True)
    print("zoo v2 done in %.0f s" % (time.time() - started))


if __name__ == "__main__":
    main()
