"""Trains and exports the learned Describe Neurons backends of sample world v2 (docs/describe.md, "Backends"):

scene-clip:       an image-text encoder (CLIP's role): a small CNN image tower and a text tower (word embeddings,
                  mean-pooled, then an MLP), trained contrastively (InfoNCE, learned temperature) on procedural
                  captions, plus a sigmoid loss that aligns every single concept word with the images whose caption
                  holds it, because the plugin scores single words (VocabularyCandidates).
scene-captioner:  a captioner (BLIP's role): the encoder's image tower, frozen, and a GRU decoder trained on the
                  same captions; greedy decoding runs inside the TorchScript module.

Describe-and-Dissect captions a unit's top images and their attention crops, so the training set holds whole
scenes (world_v2.caption) and crops of single objects ("a red chequered house") and of single parts ("the roof of
a red chequered house"), each crop a box around the visible mask with a random margin, resized like the plugin
resizes (bilinear) to the packages' 64 x 64 input.

Both trainings use one CPU thread and take a few minutes; the rendered training set is cached under target/.

Usage: /usr/bin/python3 tools/describe_backends_v2.py [--out sample-data/v2/describe] [--cache target/describe-v2]
"""
import argparse
import csv
import os
import sys
import time
from typing import Dict, List, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import world_v2 as world  # noqa: E402
import describe_tiny_backends  # noqa: E402

INPUT_SIZE = 64
MEAN, STD = 0.5, 0.25
TRAIN_SEED = 11  # world_v2 scenes of this seed train both backends; the tests hold out TEST_SEED
TEST_SEED = 12
TRAIN_SCENES = 2400
# Whole one-object scenes show an object at a third to half the frame, smaller than in any crop; the scenes of
# TRAIN_SCENES hold too few of them for the towers to learn that scale, so training adds this many more.
ONE_OBJECT_SCENES = 2000
TORCH_SEED = 0
MIN_PART_PIXELS = 24  # parts with fewer visible pixels get no crop
CONTEXT_LENGTH = 16
MAX_CAPTION = 24  # words the captioner may say before [SEP]

FUNCTION_WORDS = ["a", "the", "of", "in", "front", "on", "background"]
CONCEPT_WORDS = list(world.COLOURS) + list(world.TEXTURES) + list(world.SHAPES) + list(world.PARTS)
WORDS = FUNCTION_WORDS + CONCEPT_WORDS
ENCODER_VOCABULARY = ["<pad>", "<unk>"] + WORDS
CAPTIONER_VOCABULARY = ["[PAD]", "[UNK]", "[CLS]", "[SEP]"] + WORDS


# ----------------------------------------------------------------------------------------------------- data


def region_words(region: world.Region) -> str:
    """Crops always name the texture, "plain" too, so every texture word occurs in the training text."""
    return "%s %s" % (region.colour, region.texture)


def object_caption(thing: world.Thing) -> str:
    return "a %s %s" % (region_words(thing.region), thing.shape)


def part_caption(thing: world.Thing, part: str) -> str:
    return "the %s of a %s %s" % (part, region_words(thing.region), thing.shape)


def crop_box(mask: np.ndarray, rng: np.random.Generator) -> Tuple[int, int, int, int]:
    """(y0, y1, x0, x1): the mask's bounding box grown by a random margin on each side (5-35 % of its side)."""
    rows, cols = np.nonzero(mask)
    y0, y1, x0, x1 = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
    height, width = y1 - y0, x1 - x0
    margins = rng.uniform(0.05, 0.35, size=4)
    y0 = max(0, int(y0 - margins[0] * height - 1))
    y1 = min(world.IMAGE_SIZE, int(np.ceil(y1 + margins[1] * height + 1)))
    x0 = max(0, int(x0 - margins[2] * width - 1))
    x1 = min(world.IMAGE_SIZE, int(np.ceil(x1 + margins[3] * width + 1)))
    return y0, y1, x0, x1


def resized(image: np.ndarray) -> np.ndarray:
    """uint8 (h, w, 3) -> uint8 (64, 64, 3), bilinear (averaging when shrinking, as ImageJ's resize does)."""
    x = torch.from_numpy(image).permute(2, 0, 1)[None].float()
    x = F.interpolate(x, size=(INPUT_SIZE, INPUT_SIZE), mode="bilinear", align_corners=False, antialias=True)
    return x[0].permute(1, 2, 0).round().clamp(0, 255).byte().numpy()


def scene_samples(scene: world.Scene, rng: np.random.Generator):
    """(image, caption, kind, subject) for the whole scene, each visible object and each visible part."""
    image = world.render(scene)
    samples = [(resized(image), world.caption(scene), "scene", "")]
    wholes, parts = world.part_masks_of(scene)
    for thing, whole, pair in zip(scene.things, wholes, parts):
        y0, y1, x0, x1 = crop_box(whole, rng)
        samples.append((resized(image[y0:y1, x0:x1]), object_caption(thing), "object", thing.shape))
        for name, mask in zip(world.SHAPE_PARTS[thing.shape], pair):
            if mask.sum() < MIN_PART_PIXELS:
                continue
            y0, y1, x0, x1 = crop_box(mask, rng)
            samples.append((resized(image[y0:y1, x0:x1]), part_caption(thing, name), "part", name))
    return samples


def one_object_scenes(seed: int, start: int, count: int) -> List[world.Scene]:
    """The first count scenes with one object among scenes start, start + 1, ... of a seed."""
    scenes = []
    while len(scenes) < count:
        scene = world.sample_scenes(seed, start, 1)[0]
        start += 1
        if len(scene.things) == 1:
            scenes.append(scene)
    return scenes


def make_samples(seed: int, count: int, one_object: int = 0):
    """Images uint8 (N, 64, 64, 3) and per sample its caption, kind (scene/object/part) and subject (the
    object's shape or the part's name): scenes 0..count-1 of a seed with their crops, then one_object more
    whole one-object scenes (subject: the shape) from the scenes after them."""
    images, captions, kinds, subjects = [], [], [], []
    for index, scene in enumerate(world.sample_scenes(seed, 0, count)):
        for image, text, kind, subject in scene_samples(scene, np.random.default_rng([seed, index, 1])):
            images.append(image)
            captions.append(text)
            kinds.append(kind)
            subjects.append(subject)
    for scene in one_object_scenes(seed, count, one_object):
        images.append(resized(world.render(scene)))
        captions.append(world.caption(scene))
        kinds.append("one-object scene")
        subjects.append(scene.things[0].shape)
    return np.stack(images), captions, kinds, subjects


def cached_samples(cache: str, seed: int, count: int, one_object: int):
    path = os.path.join(cache, "describe-v2-%d-%d-%d-%d.npz" % (seed, count, one_object, INPUT_SIZE))
    if os.path.exists(path):
        data = np.load(path)
        return data["images"], list(data["captions"]), list(data["kinds"]), list(data["subjects"])
    images, captions, kinds, subjects = make_samples(seed, count, one_object)
    os.makedirs(cache, exist_ok=True)
    np.savez(path, images=images, captions=np.array(captions), kinds=np.array(kinds), subjects=np.array(subjects))
    return images, captions, kinds, subjects


def to_input(images: np.ndarray) -> torch.Tensor:
    """uint8 (N, H, W, 3) -> the packages' normalised input (N, 3, H, W), as the plugin's preprocessing does."""
    return (torch.from_numpy(images).permute(0, 3, 1, 2).float() / 255 - MEAN) / STD


def word_ids(texts: List[str], vocabulary: List[str], length: int) -> torch.Tensor:
    """Like the plugin's 'words' tokenizer on lower-case texts: words, unknown ones skipped, padded with 0."""
    index = {word: i for i, word in enumerate(vocabulary)}
    ids = torch.zeros(len(texts), length, dtype=torch.long)
    for row, text in enumerate(texts):
        tokens = [index[w] for w in text.split() if w in index][:length]
        ids[row, :len(tokens)] = torch.tensor(tokens, dtype=torch.long)
    return ids


# --------------------------------------------------------------------------------------------------- models


class ImageTower(nn.Module):
    """64 x 64 RGB -> (B, 96, 4, 4) features."""

    def __init__(self):
        super().__init__()
        layers, channels = [], 3
        for out, stride in ((16, 2), (32, 2), (64, 2), (96, 1), (96, 2)):
            layers += [nn.Conv2d(channels, out, 3, stride, 1), nn.BatchNorm2d(out), nn.ReLU()]
            channels = out
        self.body = nn.Sequential(*layers)
        self.channels = channels

    def forward(self, x):
        return self.body(x)


class SceneClip(nn.Module):
    """Image tower + text tower into one 64-d space; the plugin L2-normalises both."""

    def __init__(self, vocabulary_size: int, dim: int = 64):
        super().__init__()
        self.tower = ImageTower()
        self.image_head = nn.Sequential(nn.Linear(2 * self.tower.channels, 128), nn.ReLU(), nn.Linear(128, dim))
        self.words = nn.Embedding(vocabulary_size, 64, padding_idx=0)
        self.text_head = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, dim))
        self.log_scale = nn.Parameter(torch.tensor(2.65))  # CLIP's initial temperature, 1/0.07

    def forward(self, x):
        features = self.tower(x)
        pooled = torch.cat([features.mean((2, 3)), features.amax((2, 3))], 1)
        return self.image_head(pooled)

    @torch.jit.export
    def activations(self, x: torch.Tensor) -> Dict[str, torch.Tensor]:
        return {"image_embedding": self.forward(x)}

    @torch.jit.export
    def encode_text(self, ids: torch.Tensor) -> torch.Tensor:
        mask = (ids > 1).float().unsqueeze(-1)  # neither <pad> nor <unk>
        mean = (self.words(ids) * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.text_head(mean)


class SceneCaptioner(nn.Module):
    """The encoder's image tower and a GRU decoder that sees the 4 x 4 feature map at every step; greedy."""

    def __init__(self, tower: ImageTower, vocabulary_size: int, start_id: int, hidden: int = 192):
        super().__init__()
        self.tower = tower
        cells = tower.channels * 18  # the 4 x 4 map, its mean and its maximum
        self.image = nn.Sequential(nn.Dropout(0.2), nn.Linear(cells, 128), nn.ReLU())
        self.initial = nn.Linear(128, hidden)
        self.words = nn.Embedding(vocabulary_size, 48)
        self.cell = nn.GRUCell(48 + 128, hidden)
        self.out = nn.Linear(hidden, vocabulary_size)
        self.start_id = start_id
        self.length = MAX_CAPTION + 1  # words and [SEP]

    def context(self, features: torch.Tensor) -> torch.Tensor:
        return self.image(torch.cat([features.flatten(1), features.mean((2, 3)), features.amax((2, 3))], 1))

    def logits(self, context: torch.Tensor, ids: torch.Tensor) -> torch.Tensor:
        """Teacher forcing: logits (B, T - 1, V) of ids[:, 1:] given ids[:, :-1]."""
        h = torch.tanh(self.initial(context))
        logits = []
        for t in range(ids.shape[1] - 1):
            h = self.cell(torch.cat([self.words(ids[:, t]), context], 1), h)
            logits.append(self.out(h))
        return torch.stack(logits, 1)

    def forward(self, x):
        context = self.context(self.tower(x))
        h = torch.tanh(self.initial(context))
        token = torch.full([x.shape[0]], self.start_id, dtype=torch.long)
        ids = [token]
        for _ in range(self.length):
            h = self.cell(torch.cat([self.words(token), context], 1), h)
            token = self.out(h).argmax(1)
            ids.append(token)
        return torch.stack(ids, 1)

    @torch.jit.export
    def activations(self, x: torch.Tensor) -> Dict[str, torch.Tensor]:
        return {"caption": self.forward(x)}


# ------------------------------------------------------------------------------------------------- training


def augmented(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Brightness jitter of +-5 % (no flips: arrows point right)."""
    scale = 1 + 0.05 * (2 * torch.rand(x.shape[0], 1, 1, 1, generator=generator) - 1)
    return (x * STD + MEAN) * scale / STD - MEAN / STD


def train_encoder(model: SceneClip, x: torch.Tensor, captions: List[str], epochs: int, log, held_out) -> None:
    ids = word_ids(captions, ENCODER_VOCABULARY, CONTEXT_LENGTH)
    _, caption_index = np.unique(np.array(captions), return_inverse=True)
    caption_index = torch.from_numpy(caption_index)
    concept_ids = word_ids(CONCEPT_WORDS, ENCODER_VOCABULARY, 1)
    present = torch.tensor([[w in set(c.split()) for w in CONCEPT_WORDS] for c in captions], dtype=torch.float32)
    word_bias = nn.Parameter(torch.tensor(-2.0))
    optimiser = torch.optim.AdamW(list(model.parameters()) + [word_bias], lr=2e-3, weight_decay=1e-4)
    batch = 256
    steps = epochs * (len(x) // batch)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, 2e-3, total_steps=steps, pct_start=0.1)
    generator = torch.Generator().manual_seed(TORCH_SEED)
    start = time.time()
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(x), generator=generator)
        total = 0.0
        for first in range(0, len(x) - batch + 1, batch):
            rows = order[first:first + batch]
            images = F.normalize(model(augmented(x[rows], generator)), dim=1)
            texts = F.normalize(model.encode_text(ids[rows]), dim=1)
            logits = model.log_scale.clamp(max=4.6).exp() * images @ texts.T
            same = (caption_index[rows][:, None] == caption_index[rows][None, :]).float()
            target = same / same.sum(1, keepdim=True)  # identical captions are all positives
            contrastive = (torch.sum(-target * F.log_softmax(logits, 1), 1).mean()
                           + torch.sum(-target * F.log_softmax(logits.T, 1), 1).mean()) / 2
            words = F.normalize(model.encode_text(concept_ids), dim=1)
            word_logits = model.log_scale.clamp(max=4.6).exp() * images @ words.T + word_bias
            single_words = F.binary_cross_entropy_with_logits(word_logits, present[rows])
            loss = contrastive + single_words
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item()
        accuracy = held_out()
        log("scene-clip", epoch + 1, total / (len(x) // batch), accuracy, time.time() - start)


def train_captioner(model: SceneCaptioner, x: torch.Tensor, captions: List[str], epochs: int, log,
                    held_out) -> None:
    texts = ["[CLS] %s [SEP]" % c for c in captions]
    ids = word_ids(texts, CAPTIONER_VOCABULARY, MAX_CAPTION + 2)
    for parameter in model.tower.parameters():
        parameter.requires_grad_(False)
    model.tower.eval()
    with torch.no_grad():
        features = torch.cat([model.tower(x[i:i + 512]) for i in range(0, len(x), 512)])
    trainable = [p for p in model.parameters() if p.requires_grad]
    optimiser = torch.optim.AdamW(trainable, lr=3e-3, weight_decay=1e-4)
    batch = 128
    steps = epochs * (len(x) // batch)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, 3e-3, total_steps=steps, pct_start=0.1)
    generator = torch.Generator().manual_seed(TORCH_SEED + 1)
    start = time.time()
    for epoch in range(epochs):
        model.train()
        model.tower.eval()
        order = torch.randperm(len(x), generator=generator)
        total = 0.0
        for first in range(0, len(x) - batch + 1, batch):
            rows = order[first:first + batch]
            length = int((ids[rows] > 0).sum(1).max())
            target = ids[rows, :length]
            logits = model.logits(model.context(features[rows]), target)
            loss = F.cross_entropy(logits.reshape(-1, len(CAPTIONER_VOCABULARY)),
                                   target[:, 1:].reshape(-1), ignore_index=0)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item()
        accuracy = held_out()
        log("scene-captioner", epoch + 1, total / (len(x) // batch), accuracy, time.time() - start)


# -------------------------------------------------------------------------------------------------- metrics


def subject_retrieval(model: SceneClip, x: torch.Tensor, kinds, subjects) -> Dict[str, float]:
    """Per shape (object crops) and part (part crops): the share whose best word among the shape words, resp.
    the part words, is the right one; and that share over all whole one-object scenes ("scene")."""
    model.eval()
    with torch.no_grad():
        images = F.normalize(model(x), dim=1)
        result = {}
        for kind, names in (("object", list(world.SHAPES)), ("part", list(world.PARTS))):
            words = F.normalize(model.encode_text(word_ids(names, ENCODER_VOCABULARY, CONTEXT_LENGTH)), dim=1)
            best = (images @ words.T).argmax(1)
            for i, name in enumerate(names):
                rows = [r for r, (k, s) in enumerate(zip(kinds, subjects)) if k == kind and s == name]
                result[name] = float((best[rows] == i).float().mean())
            if kind == "object":
                rows = [r for r, k in enumerate(kinds) if k == "one-object scene"]
                right = [names[int(best[r])] == subjects[r] for r in rows]
                result["scene"] = float(np.mean(right))
    return result


def decode(ids: torch.Tensor) -> List[str]:
    """As the plugin's TorchScriptCaptioner decodes: stop at [SEP], skip [CLS]/[PAD]/[UNK]."""
    captions = []
    for row in ids.tolist():
        words = []
        for token in row:
            name = CAPTIONER_VOCABULARY[token]
            if name == "[SEP]":
                break
            if name not in ("[CLS]", "[PAD]", "[UNK]"):
                words.append(name)
        captions.append(" ".join(words))
    return captions


def captions_naming(model: SceneCaptioner, x: torch.Tensor, kinds, subjects) -> Dict[str, float]:
    """Share of object crops whose caption names their shape, of part crops whose caption names their part, and
    of whole one-object scenes whose caption names their shape ("scene")."""
    model.eval()
    with torch.no_grad():
        captions = decode(torch.cat([model(x[i:i + 256]) for i in range(0, len(x), 256)]))
    result = {}
    for kind, key in (("object", "object"), ("part", "part"), ("one-object scene", "scene")):
        rows = [r for r, k in enumerate(kinds) if k == kind]
        result[key] = float(np.mean([subjects[r] in captions[r].split() for r in rows]))
    return result


# ---------------------------------------------------------------------------------------------------- export


def write_package(folder: str, name: str, module: nn.Module, layer: str, describe: Dict[str, str],
                  vocabulary: List[str], description: str) -> None:
    describe_tiny_backends.write_package(folder, name, module, layer, describe, {"vocab.txt": vocabulary},
                                         description, INPUT_SIZE)


CLIP_README = """# scene-clip: a learned image-text encoder for sample world v2

Describe Neurons backend (`--encoder`, docs/describe.md "Backends"), trained from scratch by
`/usr/bin/python3 tools/describe_backends_v2.py` (one CPU thread, torch seed {torch_seed}).

* Image tower: five 3x3 convolutions (16-32-64-96-96 channels, batch norm, ReLU) on the 64 x 64 input, mean and
  max pooled, MLP to 64 dimensions. Text tower: 64-d word embeddings mean-pooled over the known words, MLP to
  64 dimensions. `tokenizer: words`, `vocab.txt`, unknown words skipped.
* Loss: InfoNCE over the batch (learned temperature; identical captions count as positives) plus a sigmoid loss
  between each image and every single concept word its caption holds, since the plugin scores single words.
* Data: {samples} images from world v2 seed {train_seed}: {scenes} scenes with their captions
  (`world_v2.caption`), a crop of every visible object ("a red chequered house") and part ("the roof of a red
  chequered house") with a random margin, and {one_object} more one-object scenes. {epochs} epochs.
* Held out (seed {test_seed}, 200 scenes): share of crops whose best word among the four shape words (object crops)
  or the eight part words (part crops) is the right one, after the last epoch:
  {figures}.
  `scene` is the same for whole one-object scenes (100), where the object fills a third to a half of the frame.
* Training log: `training-log.csv`. Weights: {size:.2f} MB. Rendering the data and training both backends
  took {minutes:.1f} min (one thread, on two cores shared with other jobs).
"""

CAPTIONER_README = """# scene-captioner: a learned captioner for sample world v2

Describe Neurons backend (`--captioner`, docs/describe.md "Backends"), trained by
`/usr/bin/python3 tools/describe_backends_v2.py` (one CPU thread, torch seed {torch_seed}) after `scene-clip`.

* The image tower of `scene-clip`, frozen; its 4 x 4 map, mean and maximum go through a linear layer (128) that a
  GRU (192) sees at every step. Greedy decoding from `[CLS]` inside the TorchScript module; up to
  {max_caption} words, then `[SEP]` (`end_token`).
* Data: the same {samples} images and captions as `scene-clip` (seed {train_seed}); teacher forcing,
  cross-entropy, {epochs} epochs.
* Held out (seed {test_seed}, 200 scenes): share of object crops whose caption names their shape (`object`), of part
  crops whose caption names their part (`part`), of whole one-object scenes (100) whose caption names their
  shape (`scene`), after the last epoch: {figures}.
* Training log: `training-log.csv`. Weights: {size:.2f} MB. Rendering the data and training both backends
  took {minutes:.1f} min (one thread, on two cores shared with other jobs).
"""


def write_readme(folder: str, template: str, last_row: List[str], metrics: List[str], args, minutes: float):
    figures = ", ".join("%s %s" % (m, v) for m, v in zip(metrics, last_row[3:3 + len(metrics)]))
    size = os.path.getsize(os.path.join(folder, "weights.pt")) / 1e6
    with open(os.path.join(folder, "README.md"), "w") as out:
        out.write(template.format(torch_seed=TORCH_SEED, samples=args.samples, train_seed=TRAIN_SEED,
                                  scenes=args.scenes, one_object=ONE_OBJECT_SCENES, epochs=last_row[1],
                                  test_seed=TEST_SEED, figures=figures, size=size, minutes=minutes,
                                  max_caption=MAX_CAPTION))


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(root, "sample-data", "v2", "describe"))
    parser.add_argument("--cache", default=os.path.join(root, "target", "describe-v2"))
    parser.add_argument("--scenes", type=int, default=TRAIN_SCENES)
    parser.add_argument("--encoder-epochs", type=int, default=8)
    parser.add_argument("--captioner-epochs", type=int, default=8)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(TORCH_SEED)
    began = time.time()
    images, captions, _, _ = cached_samples(args.cache, TRAIN_SEED, args.scenes, ONE_OBJECT_SCENES)
    test_images, _, test_kinds, test_subjects = cached_samples(args.cache, TEST_SEED, 200, 100)
    x, test_x = to_input(images), to_input(test_images)
    args.samples = len(x)
    print("%d training samples from %d + %d scenes (%.0f s)" % (len(x), args.scenes, ONE_OBJECT_SCENES,
                                                                time.time() - began), flush=True)
    rows = []

    def log(model, epoch, loss, metrics, seconds):
        rows.append([model, epoch, "%.4f" % loss] + ["%.3f" % metrics[k] for k in sorted(metrics)]
                    + ["%.0f" % seconds])
        print(model, epoch, "loss %.4f" % loss, {k: round(v, 3) for k, v in metrics.items()},
              "%.0f s" % seconds, flush=True)

    encoder = SceneClip(len(ENCODER_VOCABULARY))
    train_encoder(encoder, x, captions, args.encoder_epochs, log,
                  lambda: subject_retrieval(encoder, test_x, test_kinds, test_subjects))
    encoder_rows, rows = rows, []
    captioner = SceneCaptioner(encoder.tower, len(CAPTIONER_VOCABULARY), CAPTIONER_VOCABULARY.index("[CLS]"))
    train_captioner(captioner, x, captions, args.captioner_epochs, log,
                    lambda: captions_naming(captioner, test_x, test_kinds, test_subjects))
    captioner_rows = rows

    clip_folder = os.path.join(args.out, "scene-clip")
    write_package(clip_folder, "scene-clip", encoder, "image_embedding",
                  {"kind": "image_text_encoder", "text_method": "encode_text", "tokenizer": "words",
                   "vocabulary": "vocab.txt", "context_length": CONTEXT_LENGTH, "pad_id": 0, "unknown_id": -1,
                   "text_template": "'{}'"},
                  ENCODER_VOCABULARY, "image-text encoder trained contrastively on world v2 captions")
    captioner_folder = os.path.join(args.out, "scene-captioner")
    write_package(captioner_folder, "scene-captioner", captioner, "caption",
                  {"kind": "captioner", "vocabulary": "vocab.txt", "end_token": "'[SEP]'"},
                  CAPTIONER_VOCABULARY, "captioner trained on world v2 captions")
    metric_names = {"scene-clip": sorted(list(world.SHAPES) + list(world.PARTS) + ["scene"]),
                    "scene-captioner": ["object", "part", "scene"]}
    for folder, name, log_rows in ((clip_folder, "scene-clip", encoder_rows),
                                   (captioner_folder, "scene-captioner", captioner_rows)):
        with open(os.path.join(folder, "training-log.csv"), "w", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["model", "epoch", "loss"] + ["held_out_" + m for m in metric_names[name]] + ["seconds"])
            writer.writerows(log_rows)
    minutes = (time.time() - began) / 60
    write_readme(clip_folder, CLIP_README, encoder_rows[-1], metric_names["scene-clip"], args, minutes)
    write_readme(captioner_folder, CAPTIONER_README, captioner_rows[-1], metric_names["scene-captioner"], args,
                 minutes)
    print("done in %.1f min" % minutes)


if __name__ == "__main__":
    main()
