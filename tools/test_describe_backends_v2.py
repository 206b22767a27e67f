"""The committed learned describe backends of world v2 (sample-data/v2/describe, made by
tools/describe_backends_v2.py) on held-out scenes: crops of single objects and parts of seed TEST_SEED, which
training never saw."""
import os
import sys
import unittest

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import describe_backends_v2 as backends  # noqa: E402
import world_v2 as world  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sample-data", "v2", "describe")
HELD_OUT_SCENES = 120
HELD_OUT_ONE_OBJECT_SCENES = 40


def read_lines(path):
    with open(path) as f:
        return [line.rstrip("\n") for line in f]


class LearnedBackendsTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        torch.set_num_threads(1)
        images, cls.captions, cls.kinds, cls.subjects = backends.make_samples(backends.TEST_SEED, HELD_OUT_SCENES,
                                                                                 HELD_OUT_ONE_OBJECT_SCENES)
        cls.x = backends.to_input(images)
        cls.encoder = torch.jit.load(os.path.join(ROOT, "scene-clip", "weights.pt"))
        cls.captioner = torch.jit.load(os.path.join(ROOT, "scene-captioner", "weights.pt"))

    def rows(self, kind, subject):
        return [r for r, (k, s) in enumerate(zip(self.kinds, self.subjects)) if k == kind and s == subject]

    def test_vocabularies_are_the_ones_the_script_writes(self):
        self.assertEqual(backends.ENCODER_VOCABULARY, read_lines(os.path.join(ROOT, "scene-clip", "vocab.txt")))
        self.assertEqual(backends.CAPTIONER_VOCABULARY,
                         read_lines(os.path.join(ROOT, "scene-captioner", "vocab.txt")))
        for word in list(world.SHAPES) + list(world.PARTS) + list(world.COLOURS) + list(world.TEXTURES):
            self.assertIn(word, backends.WORDS)

    def test_encoder_ranks_the_right_shape_or_part_word_first_for_held_out_crops(self):
        with torch.no_grad():
            images = F.normalize(self.encoder.activations(self.x)["image_embedding"], dim=1)
            shares = {}
            for kind, names in (("object", world.SHAPES), ("part", world.PARTS), ("one-object scene", world.SHAPES)):
                ids = backends.word_ids(list(names), backends.ENCODER_VOCABULARY, backends.CONTEXT_LENGTH)
                words = F.normalize(self.encoder.encode_text(ids), dim=1)
                best = (images @ words.T).argmax(1)
                for i, name in enumerate(names):
                    rows = self.rows(kind, name)
                    shares[kind, name] = float((best[rows] == i).float().mean())
        # measured on these held-out samples: object crops house 0.95, tree 0.88, mushroom 0.71, arrow 0.85;
        # part crops roof 0.90, wall 0.91, crown 0.90, trunk 0.87, cap 0.90, stem 0.65, head 0.97, shaft 0.97;
        # whole one-object scenes (40) 0.53 (house 0.45, tree 0.25, mushroom 0.67, arrow 0.67)
        for kind, names in (("object", world.SHAPES), ("part", world.PARTS)):
            for name in names:
                self.assertGreater(shares[kind, name], 0.55, (kind, name, shares))
            self.assertGreater(sum(shares[kind, n] for n in names) / len(names), 0.75, (kind, shares))
        scenes = sum(shares["one-object scene", n] for n in world.SHAPES) / len(world.SHAPES)
        self.assertGreater(scenes, 0.35, shares)

    def test_encoder_matches_held_out_images_to_their_own_caption(self):
        ids = backends.word_ids(self.captions, backends.ENCODER_VOCABULARY, backends.CONTEXT_LENGTH)
        rows = [r for r, k in enumerate(self.kinds) if k == "object"][:200]
        with torch.no_grad():
            images = F.normalize(self.encoder(self.x[rows]), dim=1)
            texts = F.normalize(self.encoder.encode_text(ids[rows]), dim=1)
        best = (images @ texts.T).argmax(1).tolist()
        same_text = sum(self.captions[rows[j]] == self.captions[r] for r, j in zip(rows, best)) / len(rows)
        # measured: 0.85 of 200 object crops pick a caption identical to their own; chance is about 1/200
        self.assertGreater(same_text, 0.6)

    def test_captioner_names_the_shape_of_held_out_one_object_scenes_and_the_subject_of_crops(self):
        with torch.no_grad():
            captions = backends.decode(self.captioner.activations(self.x)["caption"])
        named = {kind: [s in c.split() for c, k, s in zip(captions, self.kinds, self.subjects) if k == kind]
                 for kind in ("one-object scene", "object", "part")}
        # measured: one-object scenes 0.42 (17 of 40), object crops 0.87, part crops 0.91
        self.assertGreater(sum(named["one-object scene"]) / HELD_OUT_ONE_OBJECT_SCENES, 0.3)
        self.assertGreater(sum(named["object"]) / len(named["object"]), 0.75)
        self.assertGreater(sum(named["part"]) / len(named["part"]), 0.8)
        self.assertTrue(all(len(c.split()) <= backends.MAX_CAPTION for c in captions))

if __name__ == "__main__":
    unittest.main()
