"""Tests of BioImage.IO packages in tools/export_model.py: converting a package with pytorch_state_dict weights
(0.5 and 0.4 layouts) into one with inner layers, the errors for packages it cannot convert, and the check of
manifests against the 0.5 spec's required fields.

Run: /usr/bin/python3 -m unittest discover -s tools -p 'test_*.py'
"""

import contextlib
import copy
import io
import os
import sys
import tempfile
import unittest

import numpy as np
import torch
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bioimageio_examples as examples  # noqa: E402
import export_model  # noqa: E402

torch.set_num_threads(2)


def quietly(function, *args, **kwargs):
    with contextlib.redirect_stdout(io.StringIO()):
        return function(*args, **kwargs)


def rewrite(package, change):
    """Applies change(manifest) to the package's rdf.yaml."""
    manifest = export_model.load_manifest(package)
    change(manifest)
    with open(os.path.join(package, "rdf.yaml"), "w") as handle:
        yaml.safe_dump(manifest, handle, sort_keys=False)


class PackageFolderTest(unittest.TestCase):
    def setUp(self):
        self._folder = tempfile.TemporaryDirectory()
        self.folder = self._folder.name

    def tearDown(self):
        self._folder.cleanup()

    def eager_network(self, source):
        namespace = {}
        with open(os.path.join(source, examples.ARCHITECTURE_FILE)) as handle:
            exec(handle.read(), namespace)
        network = namespace["TinyUNet"](**examples.KWARGS).eval()
        network.load_state_dict(torch.load(os.path.join(source, "weights.pt")))
        return network


class ConversionTest(PackageFolderTest):
    def check_conversion(self, source):
        out = os.path.join(self.folder, "converted")
        code = quietly(export_model.main, ["--bioimageio", source, "--layers", "down,bottom", "--out", out])
        self.assertEqual(code, 0)
        manifest = export_model.load_manifest(out)
        self.assertEqual(export_model.bioimageio_05_problems(out, manifest), [])
        self.assertEqual(manifest["name"], "tiny-unet")
        self.assertEqual(manifest["authors"], examples.AUTHORS)
        self.assertEqual(manifest["cite"], examples.CITE)
        rosetta = manifest["config"]["rosetta"]
        self.assertEqual((rosetta["role"], rosetta["activations_method"]), ("encoder", "activations"))
        self.assertEqual([layer["name"] for layer in rosetta["layers"]], ["down", "bottom"])
        # the parameterized input runs at the test tensor's size; per-image standardisation is kept
        self.assertEqual(export_model.fixed_shape(manifest["inputs"][0]), [1, 1, 32, 32])
        self.assertEqual([step["id"] for step in manifest["inputs"][0]["preprocessing"]], ["zero_mean_unit_variance"])

        module = torch.jit.load(os.path.join(out, "weights.pt"))
        network = self.eager_network(source)
        x = torch.randn(2, 1, 32, 32, generator=torch.Generator().manual_seed(9))
        with torch.no_grad():
            layers = module.activations(x)
            self.assertTrue(torch.allclose(module(x), network(x), atol=1e-6))
            self.assertTrue(torch.allclose(layers["bottom"], network.bottom(network.down(x)), atol=1e-6))
        self.assertEqual({k: tuple(v.shape) for k, v in layers.items()}, {"down": (2, 4, 32, 32),
                                                                         "bottom": (2, 8, 16, 16)})
        ours = np.load(os.path.join(out, manifest["outputs"][0]["test_tensor"]["source"]))
        np.testing.assert_allclose(ours, np.load(os.path.join(source, "test-output.npy")), atol=1e-5)
        self.assertEqual(quietly(export_model.verify_package, out), {"down": (2, 4, 32, 32), "bottom": (2, 8, 16, 16)})

    def test_05_package(self):
        self.check_conversion(examples.state_dict_package_05(os.path.join(self.folder, "source")))

    def test_04_package(self):
        self.check_conversion(examples.state_dict_package_04(os.path.join(self.folder, "source")))


class ConversionErrorTest(PackageFolderTest):
    def convert(self, source):
        return quietly(export_model.convert_bioimageio_package, source, os.path.join(self.folder, "out"),
                       layers=["down"])

    def test_torchscript_only_package_loads_as_it_is(self):
        source = examples.forward_only_package(os.path.join(self.folder, "source"))
        with self.assertRaisesRegex(export_model.ExportError, "no weights.pytorch_state_dict.*one layer"):
            self.convert(source)

    def test_a_z_axis_is_refused(self):
        source = examples.state_dict_package_05(os.path.join(self.folder, "source"))
        rewrite(source, lambda m: m["inputs"][0]["axes"].insert(2, {"type": "space", "id": "z", "size": 8}))
        with self.assertRaisesRegex(export_model.ExportError, "axes are 'bczyx'.*batch, channel, y, x"):
            self.convert(source)

    def test_missing_architecture_file(self):
        source = examples.state_dict_package_05(os.path.join(self.folder, "source"))
        os.remove(os.path.join(source, examples.ARCHITECTURE_FILE))
        with self.assertRaisesRegex(export_model.ExportError, "tiny_unet.py is missing"):
            self.convert(source)

    def test_unknown_preprocessing(self):
        source = examples.state_dict_package_05(os.path.join(self.folder, "source"))
        rewrite(source, lambda m: m["inputs"][0]["preprocessing"].append({"id": "scale_range", "kwargs": {}}))
        with self.assertRaisesRegex(export_model.ExportError, "'scale_range'.*not one the plugin applies"):
            self.convert(source)

    def test_older_format_version(self):
        source = examples.state_dict_package_05(os.path.join(self.folder, "source"))
        rewrite(source, lambda m: m.update(format_version="0.3.6"))
        with self.assertRaisesRegex(export_model.ExportError, "format_version is '0.3.6'.*0.4 and 0.5"):
            self.convert(source)


class SpecCheckTest(PackageFolderTest):
    """bioimageio_05_problems accepts the exporter's packages and names what a manifest lacks."""

    def setUp(self):
        super().setUp()
        self.package = examples.forward_only_package(os.path.join(self.folder, "package"))
        self.manifest = export_model.load_manifest(self.package)

    def problems(self, change):
        manifest = copy.deepcopy(self.manifest)
        change(manifest)
        return export_model.bioimageio_05_problems(self.package, manifest)

    def test_a_conforming_package_has_no_problems(self):
        self.assertEqual(self.problems(lambda m: None), [])

    def test_each_required_field_is_named(self):
        for field in ("authors", "cite", "documentation", "outputs", "description"):
            with self.subTest(field):
                self.assertTrue(any(problem.startswith(field) for problem in self.problems(lambda m: m.pop(field))))

    def test_axes_as_a_string_and_missing_test_tensors(self):
        def old_form(manifest):
            manifest["inputs"][0]["axes"] = "bcyx"
            manifest["inputs"][0]["test_tensor"]["source"] = "gone.npy"
        problems = self.problems(old_form)
        self.assertIn("inputs[0].axes must be a list of axis objects", problems)
        self.assertIn("inputs[0].test_tensor: gone.npy is not in the package", problems)

    def test_per_channel_lists_need_their_axis(self):
        def lists_without_axis(manifest):
            manifest["inputs"][0]["preprocessing"] = [{"id": "fixed_zero_mean_unit_variance",
                                                       "kwargs": {"mean": [0.5], "std": [0.2]}}]
        self.assertEqual(len(self.problems(lists_without_axis)), 1)
        self.assertIn("kwargs.axis", self.problems(lists_without_axis)[0])

    def test_format_version_name_and_sha(self):
        def broken(manifest):
            manifest.update(format_version="0.4.10", name="tiny")
            manifest["weights"]["torchscript"]["sha256"] = "0" * 64
        self.assertEqual(self.problems(broken), ["format_version is not 0.5.x",
                                                 "name must be 5 to 128 letters, digits, spaces or _+-()",
                                                 "weights.torchscript.sha256 does not match the file"])


if __name__ == "__main__":
    unittest.main()
