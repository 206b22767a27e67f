"""Checks the shipped sample zoo (sample-data/zoo): every package verifies, every test-io.json matches what its
weights compute, and the world generator is deterministic and draws the world. Skipped before
tools/train_zoo.py has run.

Run: /usr/bin/python3 -m unittest discover -s tools -p 'test_*.py'
"""

import contextlib
import io
import json
import os
import sys
import unittest

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_model  # noqa: E402
import train_zoo  # noqa: E402

torch.set_num_threads(2)
PACKAGES = train_zoo.PACKAGES


def package_path(name):
    return os.path.join(train_zoo.ZOO_DIR, name)


def zoo_is_built():
    return all(os.path.exists(os.path.join(package_path(name), file)) for name in PACKAGES
               for file in ("rdf.yaml", "weights.pt", "test-io.json"))


@unittest.skipUnless(zoo_is_built(), "run tools/train_zoo.py first")
class ZooPackagesTest(unittest.TestCase):
    def load(self, name):
        return torch.jit.load(os.path.join(package_path(name), "weights.pt"), map_location="cpu")

    def assert_matches(self, summary, tensor, what):
        """The recorded shape, sum, mean and values agree with a freshly computed tensor to 1e-4 relative."""
        array = tensor.detach().numpy()
        self.assertEqual(summary["shape"], list(array.shape), what)
        scale = max(1.0, summary["abs_max"])
        for position, value in summary["values"]:
            self.assertLessEqual(abs(array[tuple(position)] - value), 1e-4 * scale, "%s at %s" % (what, position))
        self.assertLessEqual(abs(array.astype(np.float64).mean() - summary["mean"]), 1e-4 * scale, what)
        self.assertLessEqual(abs(array.astype(np.float64).sum() - summary["sum"]), 1e-4 * scale * array.size, what)

    def test_packages_verify(self):
        for name in PACKAGES:
            with self.subTest(name):
                with contextlib.redirect_stdout(io.StringIO()):
                    export_model.verify_package(package_path(name))

    def test_manifests_meet_bioimageio_05(self):
        """Every shipped manifest has the 0.5 spec's required fields; the test input is scene_0.png."""
        for name in PACKAGES:
            with self.subTest(name):
                manifest = export_model.load_manifest(package_path(name))
                self.assertEqual(export_model.bioimageio_05_problems(package_path(name), manifest), [])
                if manifest["config"]["rosetta"]["role"] != "generator":
                    test_input = np.load(os.path.join(package_path(name), "test-image.npy"))
                    self.assertTrue(np.array_equal(test_input, train_zoo.sample_pixels().numpy()))

    def test_fixtures_match_the_weights(self):
        for name in PACKAGES:
            with self.subTest(name):
                with open(os.path.join(package_path(name), "test-io.json")) as handle:
                    fixture = json.load(handle)
                manifest = export_model.load_manifest(package_path(name))
                self.assertEqual(fixture["weights_sha256"], manifest["weights"]["torchscript"]["sha256"])
                module = self.load(name)
                with torch.no_grad():
                    if fixture["role"] == "generator":
                        z = torch.tensor([fixture["input"]["z"]])
                        self.assertTrue(torch.equal(z, torch.randn(1, 16, generator=torch.Generator().manual_seed(0))))
                        outputs = module.generate(z, torch.tensor(fixture["input"]["y"]))
                        self.assert_matches(fixture["image"], outputs["image"], name + " image")
                    else:
                        x = train_zoo.sample_input()
                        self.assert_matches(fixture["input"]["tensor"], x, name + " input")
                        self.assert_matches(fixture["forward"], module(x), name + " forward")
                        outputs = module.activations(x)
                self.assertEqual(list(fixture["layers"]), [layer["output"] for layer in
                                                           manifest["config"]["rosetta"]["layers"]])
                for key, summary in fixture["layers"].items():
                    self.assert_matches(summary, outputs[key], "%s %s" % (name, key))

    def test_trained_classifiers_recognise_the_samples(self):
        images, labels = train_zoo.scene_batch(train_zoo.VAL_START + 5000, 200)
        for name, least in (("resnet-shapes", 0.9), ("vit-shapes", 0.5)):
            with self.subTest(name), torch.no_grad():
                accuracy = (self.load(name)(images).argmax(1) == labels).float().mean().item()
                self.assertGreater(accuracy, least)

    def test_generator_is_deterministic_and_draws_the_world(self):
        module = self.load("world-generator")
        z = torch.randn(32, 16, generator=torch.Generator().manual_seed(5))
        y = torch.arange(32) % 4
        with torch.no_grad():
            first, second = module.generate(z, y)["image"], module.generate(z, y)["image"]
        self.assertTrue(torch.equal(first, second))
        targets, _ = train_zoo.render_targets(z, y)
        self.assertLess(torch.nn.functional.l1_loss(first, targets).item(), 0.1)

    def test_generator_is_differentiable_in_z(self):
        """Inverting the generator by gradient descent on z needs gradients through the traced method."""
        module = self.load("world-generator")
        z = torch.randn(2, 16, generator=torch.Generator().manual_seed(6)).requires_grad_()
        outputs = module.generate(z, torch.tensor([0, 3]))
        (outputs["image"].mean() + outputs["gen2"].mean()).backward()
        self.assertGreater(z.grad[:, :15].abs().sum(dim=1).min().item(), 0.0)


if __name__ == "__main__":
    unittest.main()
