"""A procedural image world with exact per-pixel ground truth.

Every 64x64 RGB scene holds one object (a circle, square, triangle or cross, the class label) in one of four
colours, on a background with one of four colours and one of four textures. Because every pixel's concept is
known, the world doubles as a small Broden-format probing set for Network Dissection and as a training world
for the sample model zoo (tools/train_zoo.py).

Scenes are deterministic: scene i of seed s comes from numpy.random.default_rng([s, i]), so it is the same
whichever batch or range it is drawn in.

Usage:
    /usr/bin/python3 tools/sample_world.py                 # writes sample-data/concepts and sample-data/images
    /usr/bin/python3 tools/sample_world.py --count 240 --concepts /tmp/concepts --images /tmp/images
"""

import argparse
import os
from dataclasses import astuple, dataclass
from typing import Dict, List, Sequence

import numpy as np
from PIL import Image

import broden
from broden import decode_label_png, encode_label_png  # noqa: F401 (part of the world's API)

IMAGE_SIZE = 64
SHAPES = ("circle", "square", "triangle", "cross")
OBJECT_COLOURS = {"red": (220, 45, 45), "green": (50, 175, 65), "blue": (45, 80, 220), "yellow": (235, 205, 40)}
BACKGROUND_COLOURS = {"gray": (128, 128, 128), "white": (235, 235, 235), "teal": (30, 130, 135),
                      "purple": (125, 60, 145)}
TEXTURES = ("plain", "striped", "dotted", "chequered")
TEXTURE_PERIOD = 8  # pixels; fixed in image coordinates so a generator can learn the patterns
TEXTURE_SHADE = 0.6  # texture pixels are the background colour darkened by this factor
MIN_SIZE, MAX_SIZE = 16.0, 36.0  # side of the object's bounding box in pixels
MARGIN = 1.0  # pixels kept free between the object's bounding box and the image border
SQUARE_FILL = 0.9  # the square is this fraction of the bounding box wide, so its area is close to the circle's
BOUNDARY_WIDTH = 2  # object pixels this close (chessboard distance) to the background form the "boundary" part

CONCEPT_SEED = 2
SAMPLE_SEED = 3

# Broden categories in label-number order, each with its labels. Numbers are fixed (1..17), not sorted by
# frequency, so that documentation and tests can rely on them.
CATEGORIES = ("color", "object", "part", "texture")
PART_LABELS = ("boundary",)
CATEGORY_LABELS = {
    "color": tuple(name + "-c" for name in list(OBJECT_COLOURS) + list(BACKGROUND_COLOURS)),
    "object": SHAPES,
    "part": PART_LABELS,
    "texture": TEXTURES,
}


def label_numbers() -> Dict[str, Dict[str, int]]:
    """Global Broden label number of every label, per category (1-based; 0 means unlabelled)."""
    return broden.label_numbers({category: CATEGORY_LABELS[category] for category in CATEGORIES})


@dataclass(frozen=True)
class Scene:
    """One scene. x and y are the object's centre in pixels (pixel (row i, column j) has its centre at
    x = j + 0.5, y = i + 0.5); size is the side of the object's bounding box in pixels."""
    shape: str
    colour: str
    background: str
    texture: str
    x: float
    y: float
    size: float


def position_from_fraction(size, fraction):
    """Centre coordinate for a fraction in [0, 1] of the range that keeps the object fully inside the image."""
    low = size / 2 + MARGIN
    return low + fraction * (IMAGE_SIZE - 2 * low)


def size_from_fraction(fraction):
    return MIN_SIZE + fraction * (MAX_SIZE - MIN_SIZE)


def sample_scene(rng: np.random.Generator) -> Scene:
    """Draws every factor independently and uniformly; the generator's latent mapping mirrors this."""
    shape = SHAPES[rng.integers(len(SHAPES))]
    colour = list(OBJECT_COLOURS)[rng.integers(len(OBJECT_COLOURS))]
    background = list(BACKGROUND_COLOURS)[rng.integers(len(BACKGROUND_COLOURS))]
    texture = TEXTURES[rng.integers(len(TEXTURES))]
    size = size_from_fraction(rng.uniform())
    x = position_from_fraction(size, rng.uniform())
    y = position_from_fraction(size, rng.uniform())
    return Scene(shape, colour, background, texture, float(x), float(y), float(size))


def sample_scenes(seed: int, start: int, count: int) -> List[Scene]:
    """Scenes start..start+count-1 of a seed; each is seeded by (seed, index) alone."""
    return [sample_scene(np.random.default_rng([seed, index])) for index in range(start, start + count)]


def _pixel_grid():
    centres = np.arange(IMAGE_SIZE, dtype=np.float64) + 0.5
    return centres[None, :], centres[:, None]  # x varies along columns, y along rows


def texture_patterns() -> Dict[str, np.ndarray]:
    """Boolean (64, 64) map per texture of the pixels drawn darker; fixed in image coordinates."""
    rows, cols = np.mgrid[0:IMAGE_SIZE, 0:IMAGE_SIZE]
    period, half = TEXTURE_PERIOD, TEXTURE_PERIOD // 2
    centre = (period - 1) / 2
    return {
        "plain": np.zeros((IMAGE_SIZE, IMAGE_SIZE), bool),
        "striped": ((rows + cols) % period) >= half,
        "dotted": ((rows % period - centre) ** 2 + (cols % period - centre) ** 2) <= 2.6,
        "chequered": ((rows // half + cols // half) % 2) == 1,
    }


def object_masks(scenes: Sequence[Scene]) -> np.ndarray:
    """Boolean (B, 64, 64): pixels whose centre lies inside the object."""
    grid_x, grid_y = _pixel_grid()
    masks = np.zeros((len(scenes), IMAGE_SIZE, IMAGE_SIZE), bool)
    for index, scene in enumerate(scenes):
        dx, dy, radius = grid_x - scene.x, grid_y - scene.y, scene.size / 2
        if scene.shape == "circle":
            inside = dx ** 2 + dy ** 2 <= radius ** 2
        elif scene.shape == "square":
            inside = np.maximum(np.abs(dx), np.abs(dy)) <= SQUARE_FILL * radius
        elif scene.shape == "triangle":  # apex up, base at the bottom of the bounding box
            height_fraction = (dy + radius) / (2 * radius)
            inside = (height_fraction >= 0) & (height_fraction <= 1) & (np.abs(dx) <= radius * height_fraction)
        elif scene.shape == "cross":
            arm = radius / 3
            inside = ((np.abs(dx) <= arm) & (np.abs(dy) <= radius)) | ((np.abs(dy) <= arm) & (np.abs(dx) <= radius))
        else:
            raise ValueError("unknown shape '%s'; expected one of %s" % (scene.shape, ", ".join(SHAPES)))
        masks[index] = inside
    return masks


def boundary_masks(objects: np.ndarray) -> np.ndarray:
    """Object pixels within BOUNDARY_WIDTH pixels (chessboard distance) of a background pixel."""
    width = BOUNDARY_WIDTH
    background = np.pad(~objects, ((0, 0), (width, width), (width, width)), constant_values=True)
    near_background = np.zeros_like(objects)
    for shift_y in range(2 * width + 1):
        for shift_x in range(2 * width + 1):
            near_background |= background[:, shift_y:shift_y + IMAGE_SIZE, shift_x:shift_x + IMAGE_SIZE]
    return objects & near_background


def render_scenes(scenes: Sequence[Scene]) -> np.ndarray:
    """uint8 (B, 64, 64, 3) RGB images of the scenes."""
    return render_with_masks(scenes)[0]


def render_with_masks(scenes: Sequence[Scene]):
    """Images (B, 64, 64, 3) uint8, object masks (B, 64, 64) bool and boundary masks (B, 64, 64) bool."""
    objects = object_masks(scenes)
    patterns = texture_patterns()
    images = np.empty((len(scenes), IMAGE_SIZE, IMAGE_SIZE, 3), np.uint8)
    for index, scene in enumerate(scenes):
        background = np.array(BACKGROUND_COLOURS[scene.background], np.float64)
        shade = np.where(patterns[scene.texture], TEXTURE_SHADE, 1.0)[..., None]
        image = np.rint(background * shade)
        image[objects[index]] = OBJECT_COLOURS[scene.colour]
        images[index] = image.astype(np.uint8)
    return images, objects, boundary_masks(objects)


def concept_label_maps(scene: Scene, objects: np.ndarray, boundary: np.ndarray) -> Dict[str, np.ndarray]:
    """Per category an int (64, 64) map of global label numbers (0 = unlabelled) for one scene."""
    numbers = label_numbers()
    colour = np.where(objects, numbers["color"][scene.colour + "-c"], numbers["color"][scene.background + "-c"])
    return {
        "color": colour.astype(np.int32),
        "object": np.where(objects, numbers["object"][scene.shape], 0).astype(np.int32),
        "part": np.where(boundary, numbers["part"]["boundary"], 0).astype(np.int32),
        "texture": np.where(objects, 0, numbers["texture"][scene.texture]).astype(np.int32),
    }


def _scene_row(scene: Scene):
    return [scene.shape, scene.colour, scene.background, scene.texture,
            "%.4f" % scene.x, "%.4f" % scene.y, "%.4f" % scene.size]


SCENE_COLUMNS = ["shape", "color", "background", "texture", "x", "y", "size"]


def write_concept_set(out_dir: str, count: int = 240, seed: int = CONCEPT_SEED) -> None:
    """Writes a Broden-format probing set: images/world/NNNN*.png, index.csv, label.csv, category.csv,
    c_<category>.csv, plus scenes.csv with every image's scene parameters."""
    scenes = sample_scenes(seed, 0, count)
    images, objects, boundaries = render_with_masks(scenes)
    broden.write_concept_set(out_dir, ((images[i], concept_label_maps(scene, objects[i], boundaries[i]),
                                        _scene_row(scene)) for i, scene in enumerate(scenes)),
                             label_numbers(), SCENE_COLUMNS)


def write_sample_images(out_dir: str, count: int = 8, seed: int = SAMPLE_SEED) -> None:
    """scene_N.png (RGB, shapes in turn), a 16-bit and a 32-bit float grayscale TIFF of scene 0, and scenes.csv."""
    os.makedirs(out_dir, exist_ok=True)
    scenes = []
    for index in range(count):
        scene = sample_scene(np.random.default_rng([seed, index]))
        scenes.append(Scene(SHAPES[index % len(SHAPES)], *astuple(scene)[1:]))
    images = render_scenes(scenes)
    rows = []
    for index, image in enumerate(images):
        Image.fromarray(image, "RGB").save(os.path.join(out_dir, "scene_%d.png" % index), optimize=True)
        rows.append(["scene_%d.png" % index] + _scene_row(scenes[index]))
    broden.write_csv(os.path.join(out_dir, "scenes.csv"), ["image"] + SCENE_COLUMNS, rows)

    # ITU-R BT.601 luma in [0, 1]; the TIFFs exercise 16-bit and float image handling.
    luma = images[0].astype(np.float64) @ np.array([0.299, 0.587, 0.114])
    luma /= 255.0
    Image.fromarray(np.rint(luma * 65535).astype(np.uint16), "I;16").save(
        os.path.join(out_dir, "scene_0_gray16.tif"))
    Image.fromarray(luma.astype(np.float32), "F").save(os.path.join(out_dir, "scene_0_gray32f.tif"))


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--concepts", default=os.path.join(root, "sample-data", "concepts"),
                        help="folder for the Broden-format concept set")
    parser.add_argument("--count", type=int, default=240, help="images in the concept set")
    parser.add_argument("--seed", type=int, default=CONCEPT_SEED, help="seed of the concept set")
    parser.add_argument("--images", default=os.path.join(root, "sample-data", "images"),
                        help="folder for the plain sample images")
    parser.add_argument("--sample-count", type=int, default=8, help="plain sample images to write")
    args = parser.parse_args()
    write_concept_set(args.concepts, args.count, args.seed)
    write_sample_images(args.images, args.sample_count)
    print("wrote %d concept images to %s and %d sample images to %s"
          % (args.count, args.concepts, args.sample_count, args.images))


if __name__ == "__main__":
    main()
