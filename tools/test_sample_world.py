"""Tests of the procedural world (tools/sample_world.py): determinism, ground truth and the Broden files.

Run: /usr/bin/python3 -m unittest discover -s tools -p 'test_*.py'
"""

import csv
import dataclasses
import os
import sys
import tempfile
import unittest

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sample_world as world  # noqa: E402


def read_image(path):
    with Image.open(path) as image:
        return np.array(image)


def image_mode(path):
    with Image.open(path) as image:
        return image.mode


def read_csv(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


class DeterminismTest(unittest.TestCase):
    def test_same_seed_same_image_whatever_the_batch(self):
        batch = world.render_scenes(world.sample_scenes(5, 10, 4))
        alone = world.render_scenes(world.sample_scenes(5, 12, 1))
        again = world.render_scenes(world.sample_scenes(5, 10, 4))
        np.testing.assert_array_equal(batch[2], alone[0])
        np.testing.assert_array_equal(batch, again)

    def test_other_seed_other_scenes(self):
        self.assertNotEqual(world.sample_scenes(5, 0, 8), world.sample_scenes(6, 0, 8))


class GroundTruthTest(unittest.TestCase):
    def setUp(self):
        self.scenes = world.sample_scenes(7, 0, 64)
        self.images, self.objects, self.boundaries = world.render_with_masks(self.scenes)

    def test_object_is_inside_and_coloured(self):
        for scene, image, mask in zip(self.scenes, self.images, self.objects):
            self.assertGreater(mask.sum(), 40, scene)
            self.assertFalse(mask[0].any() or mask[-1].any() or mask[:, 0].any() or mask[:, -1].any(), scene)
            np.testing.assert_array_equal(np.unique(image[mask], axis=0), [world.OBJECT_COLOURS[scene.colour]])
            self.assertLessEqual(world.MIN_SIZE, scene.size)
            self.assertLessEqual(scene.size, world.MAX_SIZE)

    def test_background_is_the_textured_background_colour(self):
        patterns = world.texture_patterns()
        for scene, image, mask in zip(self.scenes, self.images, self.objects):
            colour = np.array(world.BACKGROUND_COLOURS[scene.background], float)
            expected = np.rint(colour * np.where(patterns[scene.texture], world.TEXTURE_SHADE, 1.0)[..., None])
            np.testing.assert_array_equal(image[~mask], expected[~mask])

    def test_boundary_is_a_band_inside_the_object(self):
        self.assertTrue(np.all(self.boundaries <= self.objects))
        for boundary, mask in zip(self.boundaries, self.objects):
            self.assertTrue(boundary.any())
            self.assertTrue((mask & ~boundary).any(), "objects of 16 px and more have an interior")

    def test_shapes_differ_on_the_same_scene(self):
        masks = world.object_masks([dataclasses.replace(self.scenes[0], shape=shape) for shape in world.SHAPES])
        for first in range(len(masks)):
            for second in range(first + 1, len(masks)):
                self.assertFalse(np.array_equal(masks[first], masks[second]))
        self.assertGreater(masks[0].sum(), masks[2].sum(), "a circle covers more than the triangle in the same box")


class BrodenFormatTest(unittest.TestCase):
    def test_mask_encoding_round_trip(self):
        labels = np.array([[0, 1, 17], [255, 256, 65535]], np.int32)
        rgb = world.encode_label_png(labels)
        np.testing.assert_array_equal(rgb[..., 2], 0)
        np.testing.assert_array_equal(rgb[1, 1], [0, 1, 0])
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "mask.png")
            Image.fromarray(rgb, "RGB").save(path)
            np.testing.assert_array_equal(world.decode_label_png(read_image(path)), labels)

    def test_concept_set(self):
        with tempfile.TemporaryDirectory() as folder:
            world.write_concept_set(folder, count=12, seed=9)
            index = read_csv(os.path.join(folder, "index.csv"))
            with open(os.path.join(folder, "index.csv")) as handle:
                self.assertEqual(handle.readline().strip(), "image,split,ih,iw,sh,sw,color,object,part,texture")
            labels = read_csv(os.path.join(folder, "label.csv"))
            scenes = read_csv(os.path.join(folder, "scenes.csv"))
            numbers = world.label_numbers()
            self.assertEqual([int(row["number"]) for row in labels], list(range(1, 18)))
            self.assertEqual(labels[0]["name"], "red-c")
            self.assertEqual(len(index), 12)
            self.assertEqual([row["split"] for row in index[:10]], ["train"] * 7 + ["val"] * 3)

            for row, scene in zip(index, scenes):
                self.assertEqual(row["image"], scene["image"])
                image = read_image(os.path.join(folder, "images", row["image"]))
                self.assertEqual(image.shape, (64, 64, 3))
                decoded = {category: world.decode_label_png(read_image(os.path.join(folder, "images", row[category])))
                           for category in world.CATEGORIES}
                objects = decoded["object"] > 0
                self.assertEqual(set(np.unique(decoded["object"])), {0, numbers["object"][scene["shape"]]})
                self.assertEqual(set(np.unique(decoded["color"][objects])), {numbers["color"][scene["color"] + "-c"]})
                self.assertEqual(set(np.unique(decoded["color"][~objects])),
                                 {numbers["color"][scene["background"] + "-c"]})
                self.assertEqual(set(np.unique(decoded["texture"][~objects])), {numbers["texture"][scene["texture"]]})
                self.assertFalse(decoded["texture"][objects].any())
                self.assertTrue(np.all((decoded["part"] > 0) <= objects))
                np.testing.assert_array_equal(
                    image[objects][0], world.OBJECT_COLOURS[scene["color"]])

            shape_counts = {name: sum(s["shape"] == name for s in scenes) for name in world.SHAPES}
            for label in labels:
                if label["name"] in world.SHAPES:
                    self.assertEqual(int(label["frequency"]), shape_counts[label["name"]])
                    self.assertEqual(label["category"], "object(%d)" % shape_counts[label["name"]])
            part = next(label for label in labels if label["name"] == "boundary")
            self.assertEqual(int(part["frequency"]), 12)
            categories = read_csv(os.path.join(folder, "category.csv"))
            self.assertEqual([(c["name"], c["first"], c["last"], c["count"]) for c in categories],
                             [("color", "1", "8", "8"), ("object", "9", "12", "4"), ("part", "13", "13", "1"),
                              ("texture", "14", "17", "4")])
            self.assertEqual(int(categories[1]["frequency"]), 12)
            codes = read_csv(os.path.join(folder, "c_texture.csv"))
            self.assertEqual([(c["code"], c["number"], c["name"]) for c in codes],
                             [("1", "14", "plain"), ("2", "15", "striped"), ("3", "16", "dotted"),
                              ("4", "17", "chequered")])
            coverage = sum(float(label["coverage"]) for label in labels if label["name"] in world.TEXTURES)
            coverage += sum(float(label["coverage"]) for label in labels if label["name"] in world.SHAPES)
            self.assertAlmostEqual(coverage, 12.0, places=4)  # every pixel is object or textured background


class SampleImagesTest(unittest.TestCase):
    def test_types(self):
        with tempfile.TemporaryDirectory() as folder:
            world.write_sample_images(folder, count=4)
            modes = [image_mode(os.path.join(folder, name))
                     for name in ("scene_0.png", "scene_0_gray16.tif", "scene_0_gray32f.tif")]
            self.assertEqual(modes, ["RGB", "I;16", "F"])
            gray16 = read_image(os.path.join(folder, "scene_0_gray16.tif"))
            gray32 = read_image(os.path.join(folder, "scene_0_gray32f.tif"))
            np.testing.assert_allclose(gray16 / 65535.0, gray32, atol=1e-5)
            shapes = [row["shape"] for row in read_csv(os.path.join(folder, "scenes.csv"))]
            self.assertEqual(shapes, list(world.SHAPES))


if __name__ == "__main__":
    unittest.main()
