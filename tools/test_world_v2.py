"""Tests of sample world v2 (tools/world_v2.py): determinism, ground truth, that colour and texture alone do not
tell object from background, and the Broden files.

Run: /usr/bin/python3 -m unittest discover -s tools -p 'test_*.py'
"""

import csv
import os
import sys
import tempfile
import unittest

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import world_v2 as world  # noqa: E402


def read_image(path):
    with Image.open(path) as image:
        return np.array(image)


def read_csv(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


class DeterminismTest(unittest.TestCase):
    def test_scene_depends_on_seed_and_index_only(self):
        batch = world.render_scenes(world.sample_scenes(5, 10, 4))
        alone = world.render_scenes(world.sample_scenes(5, 12, 1))
        np.testing.assert_array_equal(batch[2], alone[0])
        self.assertNotEqual(world.sample_scenes(5, 0, 8), world.sample_scenes(6, 0, 8))


class GroundTruthTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scenes = world.sample_scenes(7, 0, 80)

    def test_composition_matches_the_class(self):
        for scene in self.scenes:
            shapes = {thing.shape for thing in scene.things}
            self.assertEqual(shapes, set(world.CLASSES[scene.label]), scene)
            self.assertTrue(1 <= len(scene.things) <= 3)
        self.assertGreater(len({scene.label for scene in self.scenes}), 8)
        self.assertTrue(any(len(scene.things) == 3 for scene in self.scenes))

    def test_parts_split_each_visible_object_and_objects_stay_visible(self):
        for scene in self.scenes:
            instances = world.instance_map(scene)
            wholes, parts = world.part_masks_of(scene)
            full, _ = world.part_masks_of(scene, visible=False)
            for index, (whole, (first, second), unoccluded) in enumerate(zip(wholes, parts, full), start=1):
                np.testing.assert_array_equal(whole, instances == index)
                np.testing.assert_array_equal(first | second, whole)
                self.assertFalse((first & second).any())
                self.assertTrue(first.any() or second.any())  # a part may be hidden, never the whole object
                self.assertGreaterEqual(whole.sum(), world.MIN_VISIBLE * unoccluded.sum())

    def test_later_objects_occlude_earlier_ones(self):
        overlapping = 0
        for scene in self.scenes:
            instances = world.instance_map(scene)
            full, _ = world.part_masks_of(scene, visible=False)
            for index, mask in enumerate(full, start=1):
                hidden = mask & (instances != index)
                overlapping += hidden.any()
                self.assertTrue(np.all(instances[hidden] > index))
        self.assertGreater(overlapping, 5, "occlusion happens")

    def test_every_pixel_has_its_regions_colour_and_texture(self):
        for scene in self.scenes[:20]:
            image = world.render(scene).astype(np.float64)
            instances = world.instance_map(scene)
            for index, region in enumerate([scene.background] + [thing.region for thing in scene.things]):
                where = instances == index
                shade = np.where(world.texture_mask(region), world.TEXTURE_SHADE, 1.0)
                expected = np.rint(np.array(world.COLOURS[region.colour])[None, None] * shade[..., None])
                np.testing.assert_array_equal(image[where], expected[where])

    def test_objects_differ_from_the_background_and_each_other(self):
        for scene in self.scenes:
            pairs = [(r.colour, r.texture) for r in [scene.background] + [t.region for t in scene.things]]
            self.assertEqual(len(set(pairs)), len(pairs))

    def test_colour_and_texture_alone_do_not_tell_object_from_background(self):
        """Per-pixel colour and texture distributions of object and background pixels: total variation distance
        small, so a colour or texture detector cannot segment objects (in world v1 it was 1: disjoint colours)."""
        scenes = world.sample_scenes(11, 0, 400)
        numbers = world.label_numbers()
        for category, count in (("color", len(world.COLOURS)), ("texture", len(world.TEXTURES))):
            on_objects, on_background = np.zeros(count), np.zeros(count)
            first = min(numbers[category].values())
            for scene in scenes:
                labels = world.concept_label_maps(scene)
                objects = labels["object"] > 0
                on_objects += np.bincount(labels[category][objects] - first, minlength=count)
                on_background += np.bincount(labels[category][~objects] - first, minlength=count)
            distance = 0.5 * np.abs(on_objects / on_objects.sum() - on_background / on_background.sum()).sum()
            self.assertLess(distance, 0.1, category)  # measured 0.062 (colour), 0.061 (texture)

    def test_caption_names_every_object_and_the_background(self):
        for scene in self.scenes:
            text = world.caption(scene)
            for thing in scene.things:
                self.assertIn(thing.shape, text)
            self.assertTrue(text.endswith(" background"))
            self.assertIn(scene.background.colour, text.split(" on a ")[-1])


class BrodenFormatTest(unittest.TestCase):
    def test_concept_set(self):
        with tempfile.TemporaryDirectory() as folder:
            world.write_concept_set(folder, count=12, seed=9)
            index = read_csv(os.path.join(folder, "index.csv"))
            scenes = world.sample_scenes(9, 0, 12)
            labels = read_csv(os.path.join(folder, "label.csv"))
            numbers = world.label_numbers()
            self.assertEqual([int(row["number"]) for row in labels], list(range(1, 23)))
            self.assertEqual([(c["name"], c["first"], c["last"]) for c in read_csv(os.path.join(folder,
                                                                                                "category.csv"))],
                             [("color", "1", "6"), ("object", "7", "10"), ("part", "11", "18"),
                              ("texture", "19", "22")])
            part_shape = {numbers["part"][part]: numbers["object"][shape]
                          for shape, parts in world.SHAPE_PARTS.items() for part in parts}
            for row, scene in zip(index, scenes):
                image = read_image(os.path.join(folder, "images", row["image"]))
                np.testing.assert_array_equal(image, world.render(scene))
                decoded = {category: world.decode_label_png(read_image(os.path.join(folder, "images",
                                                                                    row[category])))
                           for category in world.CATEGORIES}
                objects = decoded["object"] > 0
                self.assertEqual(set(np.unique(decoded["object"][objects])),
                                 {numbers["object"][thing.shape] for thing in scene.things})
                np.testing.assert_array_equal(decoded["part"] > 0, objects)
                for part, shape in part_shape.items():
                    self.assertTrue(np.all(decoded["object"][decoded["part"] == part] == shape))
                self.assertTrue(np.all(decoded["color"] > 0) and np.all(decoded["texture"] > 0))


if __name__ == "__main__":
    unittest.main()
