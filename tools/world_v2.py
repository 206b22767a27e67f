"""Sample world v2: scenes in which the planted concepts can only be found by a network that learned them.

Every 96x96 RGB scene holds one to three objects (house, tree, mushroom, arrow; each made of two named parts)
that may occlude one another, on a textured background. An object's colour and texture are drawn from the same
distributions as the background's (six colours, four textures with a random phase per region), so neither
colour nor texture alone tells object from background: only shape does. The scene class is the composition, the
set of shapes that appear together (four single-shape classes, six pairs), so a classifier must learn shapes.
Every pixel's object, part, colour and texture is known, so the world doubles as a Broden-format probing set
(Network Dissection), a training world for zoo v2 (tools/train_zoo_v2.py) and a caption corpus for the describe
backends (captions name colours, textures, shapes and occlusion).

Scenes are deterministic: scene i of seed s comes from numpy.random.default_rng([s, i]).

Usage:
    /usr/bin/python3 tools/world_v2.py              # writes sample-data/v2/concepts and sample-data/v2/images
    /usr/bin/python3 tools/world_v2.py --count 60 --concepts /tmp/concepts --images /tmp/images
"""

import argparse
import itertools
import os
from dataclasses import dataclass
from typing import Dict, List, Sequence, Tuple

import numpy as np
from PIL import Image

import broden
from broden import decode_label_png, encode_label_png  # noqa: F401 (part of the world's API)

IMAGE_SIZE = 96
COLOURS = {"red": (205, 55, 45), "green": (55, 160, 70), "blue": (50, 90, 205), "yellow": (230, 200, 55),
           "purple": (135, 70, 160), "teal": (40, 145, 145)}
TEXTURES = ("plain", "chequered", "dotted", "grid")
TEXTURE_PERIOD = 8  # pixels; each region draws its own phase, so a texture says nothing about position
TEXTURE_SHADE = 0.55  # texture pixels are the region's colour darkened by this factor
SHAPE_PARTS = {"house": ("roof", "wall"), "tree": ("crown", "trunk"), "mushroom": ("cap", "stem"),
               "arrow": ("head", "shaft")}
SHAPES = tuple(SHAPE_PARTS)
PARTS = tuple(part for parts in SHAPE_PARTS.values() for part in parts)
MIN_SIZE, MAX_SIZE = 32.0, 52.0  # side of an object's bounding box in pixels
MARGIN = 1.0
MIN_VISIBLE = 0.5  # every object keeps at least this fraction of its area visible
# Scene classes: which shapes appear together. Single-shape scenes hold 1-3 copies; pair scenes 2-3 objects
# with both shapes present.
CLASSES = tuple([(shape,) for shape in SHAPES] + list(itertools.combinations(SHAPES, 2)))
CLASS_NAMES = tuple("+".join(shapes) for shapes in CLASSES)

CONCEPT_SEED = 2
SAMPLE_SEED = 3

CATEGORIES = ("color", "object", "part", "texture")
CATEGORY_LABELS = {
    "color": tuple(name + "-c" for name in COLOURS),
    "object": SHAPES,
    "part": PARTS,
    "texture": TEXTURES,
}


def label_numbers() -> Dict[str, Dict[str, int]]:
    """Global Broden label number of every label, per category (1-based; 0 means unlabelled)."""
    return broden.label_numbers({category: CATEGORY_LABELS[category] for category in CATEGORIES})


@dataclass(frozen=True)
class Region:
    """What fills an area: a colour, a texture, and the texture's phase (pixels, 0..period-1 along x and y)."""
    colour: str
    texture: str
    phase_x: int
    phase_y: int


@dataclass(frozen=True)
class Thing:
    """One object: centre (x, y) and bounding-box side in pixels (pixel (row i, column j) has its centre at
    x = j + 0.5, y = i + 0.5)."""
    shape: str
    region: Region
    x: float
    y: float
    size: float


@dataclass(frozen=True)
class Scene:
    """Objects back to front (later ones occlude earlier ones) on a background."""
    label: int
    background: Region
    things: Tuple[Thing, ...]


def _region(rng: np.random.Generator, taken: Sequence[Tuple[str, str]]) -> Region:
    """Colour and texture uniform and independent, redrawn while the pair equals one already in the scene, so
    every object differs from the background and from the other objects in colour, texture or both."""
    while True:
        colour = list(COLOURS)[rng.integers(len(COLOURS))]
        texture = TEXTURES[rng.integers(len(TEXTURES))]
        if (colour, texture) not in taken:
            return Region(colour, texture, int(rng.integers(TEXTURE_PERIOD)), int(rng.integers(TEXTURE_PERIOD)))


def sample_scene(rng: np.random.Generator) -> Scene:
    label = int(rng.integers(len(CLASSES)))
    shapes = list(CLASSES[label])
    count = int(rng.integers(len(shapes), 4))  # 1-3 objects, at least one of each of the class's shapes
    shapes += [shapes[rng.integers(len(shapes))] for _ in range(count - len(shapes))]
    shapes = [shapes[i] for i in rng.permutation(count)]
    background = _region(rng, [])
    taken = [(background.colour, background.texture)]
    regions = []
    for _ in shapes:
        regions.append(_region(rng, taken))
        taken.append((regions[-1].colour, regions[-1].texture))
    while True:  # positions and sizes, redrawn until every object stays visible enough
        things = []
        for shape, region in zip(shapes, regions):
            size = MIN_SIZE + rng.uniform() * (MAX_SIZE - MIN_SIZE)
            low = size / 2 + MARGIN
            x, y = low + rng.uniform(size=2) * (IMAGE_SIZE - 2 * low)
            things.append(Thing(shape, region, float(x), float(y), float(size)))
        scene = Scene(label, background, tuple(things))
        full = [mask.sum() for mask in part_masks_of(scene, visible=False)[0]]
        visible = np.bincount(instance_map(scene).ravel(), minlength=count + 1)[1:]
        if all(v >= MIN_VISIBLE * f for v, f in zip(visible, full)):
            return scene


def sample_scenes(seed: int, start: int, count: int) -> List[Scene]:
    """Scenes start..start+count-1 of a seed; each is seeded by (seed, index) alone."""
    return [sample_scene(np.random.default_rng([seed, index])) for index in range(start, start + count)]


_CENTRES = np.arange(IMAGE_SIZE, dtype=np.float64) + 0.5
_GRID_X, _GRID_Y = _CENTRES[None, :], _CENTRES[:, None]


def shape_parts(thing: Thing) -> Tuple[np.ndarray, np.ndarray]:
    """Boolean (96, 96) masks of a thing's two parts (in SHAPE_PARTS order) before occlusion. Coordinates u, v
    run from -1 to 1 across the bounding box (v downwards); the first part wins where the two overlap."""
    half = thing.size / 2
    u, v = (_GRID_X - thing.x) / half, (_GRID_Y - thing.y) / half
    if thing.shape == "house":
        first = (v >= -0.95) & (v <= -0.1) & (np.abs(u) <= 0.95 * (v + 0.95) / 0.85)  # roof
        second = (np.abs(u) <= 0.65) & (v > -0.1) & (v <= 0.95)  # wall
    elif thing.shape == "tree":
        first = u ** 2 + (v + 0.3) ** 2 <= 0.62 ** 2  # crown
        second = (np.abs(u) <= 0.18) & (v >= 0.2) & (v <= 0.95)  # trunk
    elif thing.shape == "mushroom":
        first = (v <= 0.0) & ((u / 0.95) ** 2 + (v / 0.65) ** 2 <= 1.0)  # cap
        second = (np.abs(u) <= 0.28) & (v > 0.0) & (v <= 0.9)  # stem
    elif thing.shape == "arrow":
        first = (u >= 0.1) & (u <= 0.95) & (np.abs(v) <= 0.65 * (0.95 - u) / 0.85)  # head, pointing right
        second = (u >= -0.95) & (u < 0.1) & (np.abs(v) <= 0.2)  # shaft
    else:
        raise ValueError("unknown shape '%s'; expected one of %s" % (thing.shape, ", ".join(SHAPES)))
    return first, second & ~first


def instance_map(scene: Scene) -> np.ndarray:
    """int (96, 96): 0 for background, k for the k-th thing (1-based) where it is the front-most."""
    instances = np.zeros((IMAGE_SIZE, IMAGE_SIZE), np.int32)
    for index, thing in enumerate(scene.things, start=1):
        first, second = shape_parts(thing)
        instances[first | second] = index
    return instances


def part_masks_of(scene: Scene, visible: bool = True):
    """Per thing its full mask and its two part masks, occluded by the things in front when visible."""
    instances = instance_map(scene)
    wholes, parts = [], []
    for index, thing in enumerate(scene.things, start=1):
        first, second = shape_parts(thing)
        shown = instances == index if visible else np.ones_like(first)
        wholes.append((first | second) & shown)
        parts.append((first & shown, second & shown))
    return wholes, parts


def texture_mask(region: Region) -> np.ndarray:
    """Boolean (96, 96) map of the pixels a region's texture darkens."""
    rows, cols = np.mgrid[0:IMAGE_SIZE, 0:IMAGE_SIZE]
    rows, cols = rows + region.phase_y, cols + region.phase_x
    period, half = TEXTURE_PERIOD, TEXTURE_PERIOD // 2
    centre = (period - 1) / 2
    if region.texture == "plain":
        return np.zeros((IMAGE_SIZE, IMAGE_SIZE), bool)
    if region.texture == "chequered":
        return ((rows // half + cols // half) % 2) == 1
    if region.texture == "dotted":
        return ((rows % period - centre) ** 2 + (cols % period - centre) ** 2) <= 3.3
    if region.texture == "grid":
        return (rows % period < 2) | (cols % period < 2)
    raise ValueError("unknown texture '%s'; expected one of %s" % (region.texture, ", ".join(TEXTURES)))


def _paint(image: np.ndarray, region: Region, where: np.ndarray) -> None:
    colour = np.array(COLOURS[region.colour], np.float64)
    shade = np.where(texture_mask(region), TEXTURE_SHADE, 1.0)[..., None]
    image[where] = np.rint(colour * shade)[where]


def render(scene: Scene) -> np.ndarray:
    """uint8 (96, 96, 3) RGB image."""
    image = np.zeros((IMAGE_SIZE, IMAGE_SIZE, 3), np.float64)
    instances = instance_map(scene)
    _paint(image, scene.background, instances == 0)
    for index, thing in enumerate(scene.things, start=1):
        _paint(image, thing.region, instances == index)
    return image.astype(np.uint8)


def render_scenes(scenes: Sequence[Scene]) -> np.ndarray:
    """uint8 (B, 96, 96, 3)."""
    return np.stack([render(scene) for scene in scenes])


def object_masks(scenes: Sequence[Scene]) -> np.ndarray:
    """Boolean (B, 96, 96): pixels of any object."""
    return np.stack([instance_map(scene) > 0 for scene in scenes])


def concept_label_maps(scene: Scene) -> Dict[str, np.ndarray]:
    """Per category an int (96, 96) map of global label numbers (0 = unlabelled) for one scene."""
    numbers = label_numbers()
    instances = instance_map(scene)
    regions = [scene.background] + [thing.region for thing in scene.things]
    colour = np.zeros((IMAGE_SIZE, IMAGE_SIZE), np.int32)
    texture = np.zeros_like(colour)
    for index, region in enumerate(regions):
        colour[instances == index] = numbers["color"][region.colour + "-c"]
        texture[instances == index] = numbers["texture"][region.texture]
    objects = np.zeros_like(colour)
    parts = np.zeros_like(colour)
    _, part_masks = part_masks_of(scene)
    for thing, (first, second) in zip(scene.things, part_masks):
        names = SHAPE_PARTS[thing.shape]
        objects[first | second] = numbers["object"][thing.shape]
        parts[first] = numbers["part"][names[0]]
        parts[second] = numbers["part"][names[1]]
    return {"color": colour, "object": objects, "part": parts, "texture": texture}


def describe_region(region: Region) -> str:
    return region.colour if region.texture == "plain" else "%s %s" % (region.colour, region.texture)


def caption(scene: Scene) -> str:
    """e.g. "a red chequered house in front of a blue tree on a gray dotted background": objects front to
    back, "plain" left out."""
    things = ["a %s %s" % (describe_region(thing.region), thing.shape) for thing in reversed(scene.things)]
    return "%s on a %s background" % (" in front of ".join(things), describe_region(scene.background))


SCENE_COLUMNS = ["class", "objects", "shapes", "caption"]


def _scene_row(scene: Scene):
    return [CLASS_NAMES[scene.label], len(scene.things), " ".join(t.shape for t in scene.things), caption(scene)]


def write_concept_set(out_dir: str, count: int = 240, seed: int = CONCEPT_SEED) -> None:
    """Writes a Broden-format probing set: images/world/NNNN*.png, index.csv, label.csv, category.csv,
    c_<category>.csv, plus scenes.csv with every image's class, objects and caption."""
    broden.write_concept_set(out_dir, ((render(scene), concept_label_maps(scene), _scene_row(scene))
                                       for scene in sample_scenes(seed, 0, count)), label_numbers(), SCENE_COLUMNS)


def write_sample_images(out_dir: str, count: int = 10, seed: int = SAMPLE_SEED) -> None:
    """scene_N.png, scene N of class N (every class once for count = 10), and scenes.csv."""
    os.makedirs(out_dir, exist_ok=True)
    rows = []
    for index in range(count):
        rng = np.random.default_rng([seed, index])
        scene = sample_scene(rng)
        while scene.label != index % len(CLASSES):
            scene = sample_scene(rng)
        Image.fromarray(render(scene), "RGB").save(os.path.join(out_dir, "scene_%d.png" % index), optimize=True)
        rows.append(["scene_%d.png" % index] + _scene_row(scene))
    broden.write_csv(os.path.join(out_dir, "scenes.csv"), ["image"] + SCENE_COLUMNS, rows)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concepts", default=os.path.join(root, "sample-data", "v2", "concepts"),
                        help="folder for the Broden-format concept set")
    parser.add_argument("--count", type=int, default=240, help="images in the concept set")
    parser.add_argument("--seed", type=int, default=CONCEPT_SEED, help="seed of the concept set")
    parser.add_argument("--images", default=os.path.join(root, "sample-data", "v2", "images"),
                        help="folder for the plain sample images")
    parser.add_argument("--sample-count", type=int, default=10, help="plain sample images to write")
    args = parser.parse_args()
    write_concept_set(args.concepts, args.count, args.seed)
    write_sample_images(args.images, args.sample_count)
    print("wrote %d concept images to %s and %d sample images to %s"
          % (args.count, args.concepts, args.sample_count, args.images))


if __name__ == "__main__":
    main()
