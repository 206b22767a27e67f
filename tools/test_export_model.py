"""Tests of tools/export_model.py on torchvision models with random weights (nothing is downloaded).

Run: /usr/bin/python3 -m unittest discover -s tools -p 'test_*.py'
"""

import contextlib
import io
import os
import re
import sys
import tempfile
import textwrap
import unittest
import zipfile

import torch
import torchvision
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_model  # noqa: E402

torch.set_num_threads(2)


def read_manifest(package):
    with open(os.path.join(package, "rdf.yaml")) as handle:
        return yaml.safe_load(handle)


def quietly(function, *args, **kwargs):
    """Runs an export without its progress lines cluttering the test output."""
    with contextlib.redirect_stdout(io.StringIO()):
        return function(*args, **kwargs)


class TemporaryFolderTest(unittest.TestCase):
    def setUp(self):
        self._folder = tempfile.TemporaryDirectory()
        self.folder = self._folder.name

    def tearDown(self):
        self._folder.cleanup()


class ResNet18CommandLineTest(TemporaryFolderTest):
    """The CLI example from the docs, plus --zip and --verify."""

    def test_export_verify_and_zip(self):
        package = os.path.join(self.folder, "resnet18")
        code = quietly(export_model.main, ["--torchvision", "resnet18", "--random-weights", "--layers",
                                           "layer1,layer2,layer3,layer4", "--out", package, "--zip"])
        self.assertEqual(code, 0)
        manifest = read_manifest(package)
        self.assertEqual(manifest["name"], "resnet18")
        self.assertEqual(manifest["type"], "model")
        self.assertEqual(export_model.bioimageio_05_problems(package, manifest), [])
        image_input = manifest["inputs"][0]
        self.assertEqual([axis["type"] for axis in image_input["axes"]], ["batch", "channel", "space", "space"])
        self.assertEqual(export_model.fixed_shape(image_input), [1, 3, 224, 224])
        step = image_input["preprocessing"][0]
        self.assertEqual(step["id"], "fixed_zero_mean_unit_variance")
        self.assertEqual(step["kwargs"], {"mean": export_model.IMAGENET_MEAN, "std": export_model.IMAGENET_STD,
                                          "axis": "channel"})
        self.assertEqual(export_model.fixed_shape(manifest["outputs"][0]), [1, 1000])
        weights = manifest["weights"]["torchscript"]
        self.assertEqual(weights["source"], "weights.pt")
        self.assertRegex(weights["sha256"], r"^[0-9a-f]{64}$")
        self.assertEqual(weights["sha256"], export_model.sha256_of(os.path.join(package, "weights.pt")))
        self.assertTrue(re.match(r"^\d+\.\d+", weights["pytorch_version"]))
        rosetta = manifest["config"]["rosetta"]
        self.assertEqual(rosetta["role"], "classifier")
        self.assertEqual(rosetta["activations_method"], "activations")
        stages = ["layer1", "layer2", "layer3", "layer4"]
        self.assertEqual(rosetta["layers"], [{"name": stage, "output": stage} for stage in stages])

        module = torch.jit.load(os.path.join(package, "weights.pt"))
        with torch.no_grad():
            outputs = module.activations(torch.randn(3, 3, 224, 224))
            logits = module(torch.randn(1, 3, 224, 224))
        self.assertEqual({k: tuple(v.shape) for k, v in outputs.items()},
                         {"layer1": (3, 64, 56, 56), "layer2": (3, 128, 28, 28), "layer3": (3, 256, 14, 14),
                          "layer4": (3, 512, 7, 7)})
        self.assertEqual(tuple(logits.shape), (1, 1000))

        shapes = quietly(export_model.verify_package, package)
        self.assertEqual(shapes["layer4"], (2, 512, 7, 7))
        with zipfile.ZipFile(package + ".zip") as archive:
            self.assertEqual(sorted(archive.namelist()), ["resnet18/README.md", "resnet18/rdf.yaml",
                                                          "resnet18/test-image.npy", "resnet18/test-output.npy",
                                                          "resnet18/weights.pt"])

    def test_damaged_weights_fail_verification(self):
        package = os.path.join(self.folder, "tiny")
        model = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.ReLU())
        quietly(export_model.export_image_model, model, package, name="tiny-net", layers=["0"],
                input_shape=(3, 16, 16))
        with open(os.path.join(package, "weights.pt"), "ab") as handle:
            handle.write(b"\0")
        with self.assertRaisesRegex(export_model.ExportError, "sha256"):
            quietly(export_model.verify_package, package)


class ResNet50Test(TemporaryFolderTest):
    def test_nested_layers(self):
        package = os.path.join(self.folder, "resnet50")
        model = torchvision.models.resnet50(weights=None)
        manifest = quietly(export_model.export_image_model, model, package, name="resnet50",
                           layers=["layer3.5.conv2", "layer4"], mean=export_model.IMAGENET_MEAN,
                           std=export_model.IMAGENET_STD, classes=["class %d" % i for i in range(1000)])
        rosetta = manifest["config"]["rosetta"]
        self.assertEqual([layer["output"] for layer in rosetta["layers"]], ["layer3.5.conv2", "layer4"])
        self.assertEqual(len(rosetta["classes"]), 1000)
        self.assertEqual(read_manifest(package), manifest)
        shapes = quietly(export_model.verify_package, package)
        self.assertEqual(shapes, {"layer3.5.conv2": (2, 256, 14, 14), "layer4": (2, 2048, 7, 7)})

    def test_unknown_layer_names_the_alternatives(self):
        model = torchvision.models.resnet50(weights=None)
        with self.assertRaisesRegex(export_model.ExportError, r"no module 'layer3\.9'.*layer3\.0"):
            export_model.export_image_model(model, self.folder, name="x", layers=["layer3.9"])


class VitB16Test(TemporaryFolderTest):
    def test_tokens_are_detected(self):
        package = os.path.join(self.folder, "vit")
        model = torchvision.models.vit_b_16(weights=None)
        manifest = quietly(export_model.export_image_model, model, package, name="vit-b-16",
                           layers=["encoder.layers.encoder_layer_11"], mean=[0.5] * 3, std=[0.5] * 3)
        layer = manifest["config"]["rosetta"]["layers"][0]
        self.assertEqual(layer, {"name": "encoder.layers.encoder_layer_11",
                                 "output": "encoder.layers.encoder_layer_11", "tokens": True, "prefix_tokens": 1})
        shapes = quietly(export_model.verify_package, package)
        self.assertEqual(shapes["encoder.layers.encoder_layer_11"], (2, 196 + 1, 768))


class AttentionProjectionTest(TemporaryFolderTest):
    """q, k and v of attention blocks (<block>.q|k|v) equal LayerNorm'd block inputs times the projection weights."""

    def assert_projections(self, loaded, image, block_inputs, weight, bias, norms, blocks):
        with torch.no_grad():
            outputs = loaded.activations(image)
            for block, tokens, norm in zip(blocks, block_inputs, norms):
                dim = weight(block).shape[1]
                for index, part in enumerate(export_model.PROJECTIONS):
                    rows = slice(index * dim, (index + 1) * dim)
                    expected = norm(tokens) @ weight(block)[rows].T + bias(block)[rows]
                    torch.testing.assert_close(outputs["%s.%s" % (block, part)], expected, rtol=1e-5, atol=1e-5)

    def test_sample_zoo_vit(self):
        import train_zoo
        torch.manual_seed(3)
        model = train_zoo.ShapeViT(depth=2).eval()
        names = export_model.qkv_layer_names(model, "all")
        self.assertEqual(names, ["blocks.0.q", "blocks.0.k", "blocks.0.v", "blocks.1.q", "blocks.1.k", "blocks.1.v"])
        package = os.path.join(self.folder, "zoo-vit")
        manifest = quietly(export_model.export_image_model, model, package, name="zoo-vit", input_shape=(3, 64, 64),
                           layers=["blocks.1"] + names)
        layers = manifest["config"]["rosetta"]["layers"]
        self.assertEqual(layers[0], {"name": "blocks.1", "output": "blocks.1", "tokens": True, "prefix_tokens": 1})
        self.assertEqual(layers[2], {"name": "blocks.0.k", "output": "blocks.0.k", "tokens": True, "prefix_tokens": 1,
                                     "projection": "k"})
        image = torch.randn(2, 3, 64, 64, generator=torch.Generator().manual_seed(1))
        with torch.no_grad():
            tokens = model.patch_embed(image).flatten(2).transpose(1, 2)
            first = torch.cat([model.cls_token.expand(2, -1, -1), tokens], dim=1) + model.pos_embed
            second = model.blocks[0](first)
        loaded = torch.jit.load(os.path.join(package, "weights.pt"))
        self.assert_projections(loaded, image, [first, second], lambda b: model.blocks[int(b[-1])].attn.qkv.weight,
                                lambda b: model.blocks[int(b[-1])].attn.qkv.bias,
                                [block.norm1 for block in model.blocks], ["blocks.0", "blocks.1"])
        self.assertEqual(quietly(export_model.verify_package, package)["blocks.1.v"], (2, 65, 64))

    def test_torchvision_vit_from_the_command_line(self):
        torch.manual_seed(4)
        model = torchvision.models.VisionTransformer(image_size=32, patch_size=8, num_layers=2, num_heads=2,
                                                     hidden_dim=16, mlp_dim=32).eval()
        state = os.path.join(self.folder, "state.pt")
        torch.save(model.state_dict(), state)
        builder = os.path.join(self.folder, "tinyvit.py")
        with open(builder, "w") as handle:
            handle.write("import torchvision\ndef build():\n    return torchvision.models.VisionTransformer("
                         "image_size=32, patch_size=8, num_layers=2, num_heads=2, hidden_dim=16, mlp_dim=32)\n")
        package = os.path.join(self.folder, "tiny-vit")
        cwd = os.getcwd()
        os.chdir(self.folder)
        try:
            code = quietly(export_model.main, ["--module", "tinyvit:build", "--state-dict", state, "--qkv", "1",
                                               "--input-size", "32", "--out", package])
        finally:
            os.chdir(cwd)
        self.assertEqual(code, 0)
        block = "encoder.layers.encoder_layer_1"
        self.assertEqual([layer["name"] for layer in read_manifest(package)["config"]["rosetta"]["layers"]],
                         [block + ".q", block + ".k", block + ".v"])
        image = torch.randn(2, 3, 32, 32, generator=torch.Generator().manual_seed(2))
        with torch.no_grad():
            tokens = model._process_input(image)
            tokens = torch.cat([model.class_token.expand(2, -1, -1), tokens], dim=1) + model.encoder.pos_embedding
            block_input = model.encoder.layers[0](tokens)
        attention = model.encoder.layers[1].self_attention
        self.assert_projections(torch.jit.load(os.path.join(package, "weights.pt")), image, [block_input],
                                lambda b: attention.in_proj_weight, lambda b: attention.in_proj_bias,
                                [model.encoder.layers[1].ln_1], [block])

    def test_models_without_attention_and_bad_indices_are_refused(self):
        with self.assertRaisesRegex(export_model.ExportError, "no attention blocks"):
            export_model.qkv_layer_names(torchvision.models.resnet18(weights=None))
        model = torchvision.models.VisionTransformer(image_size=32, patch_size=8, num_layers=2, num_heads=2,
                                                     hidden_dim=16, mlp_dim=32)
        with self.assertRaisesRegex(export_model.ExportError, "indices from 0 to 1"):
            export_model.qkv_layer_names(model, "2")


class OwnModelTest(TemporaryFolderTest):
    """--module package.module:function with --state-dict, as a user with their own network would run it."""

    def test_module_and_state_dict(self):
        with open(os.path.join(self.folder, "my_net.py"), "w") as handle:
            handle.write(textwrap.dedent("""
                import torch.nn as nn

                def build_model():
                    return nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.Conv2d(8, 8, 3, 2, 1),
                                         nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(8, 2))
            """))
        sys.path.insert(0, self.folder)
        self.addCleanup(sys.path.remove, self.folder)
        import my_net
        trained = my_net.build_model()
        torch.save({"state_dict": trained.state_dict()}, os.path.join(self.folder, "best.pt"))
        package = os.path.join(self.folder, "my-net")
        code = quietly(export_model.main, ["--module", "my_net:build_model", "--state-dict",
                                           os.path.join(self.folder, "best.pt"), "--layers", "1,3", "--channels",
                                           "1", "--input-size", "32x48", "--mean", "0.5", "--std", "0.25",
                                           "--role", "encoder", "--out", package])
        self.assertEqual(code, 0)
        manifest = read_manifest(package)
        self.assertEqual(export_model.fixed_shape(manifest["inputs"][0]), [1, 1, 32, 48])
        self.assertEqual(manifest["inputs"][0]["preprocessing"][0]["kwargs"],
                         {"mean": [0.5], "std": [0.25], "axis": "channel"})
        self.assertEqual(manifest["authors"], [{"name": export_model.getpass.getuser()}])
        self.assertEqual(manifest["cite"], export_model.DEFAULT_CITE)
        self.assertEqual(manifest["config"]["rosetta"]["role"], "encoder")
        module = torch.jit.load(os.path.join(package, "weights.pt"))
        x = torch.randn(2, 1, 32, 48)
        with torch.no_grad():
            self.assertTrue(torch.allclose(module.activations(x)["3"], trained[:4](x), atol=1e-6))


class GeneratorExportTest(TemporaryFolderTest):
    def test_generate_returns_image_and_layers(self):
        class TinyGenerator(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.embed = torch.nn.Embedding(3, 8)
                self.project = torch.nn.Linear(8, 4 * 8 * 8)
                self.block = torch.nn.Sequential(torch.nn.Upsample(scale_factor=2.0), torch.nn.Conv2d(4, 4, 3, 1, 1))
                self.to_rgb = torch.nn.Conv2d(4, 3, 1)

            def forward(self, z, y):
                x = self.project(z + self.embed(y)).view(-1, 4, 8, 8)
                return torch.tanh(self.to_rgb(self.block(x)))

        package = os.path.join(self.folder, "gen")
        manifest = quietly(export_model.export_generator, TinyGenerator(), package, name="tiny-gen",
                           layers=["block"], latent_size=8, num_classes=3, image_shape=(3, 16, 16))
        self.assertEqual(export_model.bioimageio_05_problems(package, manifest), [])
        self.assertEqual(export_model.fixed_shape(manifest["outputs"][0]), [1, 3, 16, 16])
        self.assertEqual([(tensor["id"], export_model.fixed_shape(tensor)) for tensor in manifest["inputs"]],
                         [("z", [1, 8]), ("y", [1])])
        self.assertEqual(manifest["config"]["rosetta"]["generator"],
                         {"method": "generate", "latent_size": 8, "num_classes": 3, "image_output": "image",
                          "image_range": [-1.0, 1.0]})
        module = torch.jit.load(os.path.join(package, "weights.pt"))
        z, y = torch.randn(4, 8), torch.tensor([0, 1, 2, 1])
        with torch.no_grad():
            outputs = module.generate(z, y)
            self.assertTrue(torch.equal(outputs["image"], module(z, y)))
        self.assertEqual(tuple(outputs["block"].shape), (4, 4, 16, 16))
        self.assertEqual(quietly(export_model.verify_package, package), {"block": (2, 4, 16, 16)})


class TokenGridTest(unittest.TestCase):
    def test_prefix_and_grid(self):
        self.assertEqual(export_model.token_grid(197, 224, 224), (1, 14, 14))
        self.assertEqual(export_model.token_grid(65, 64, 64), (1, 8, 8))
        self.assertEqual(export_model.token_grid(201, 224, 224), (5, 14, 14))  # class + 4 register tokens
        self.assertEqual(export_model.token_grid(196, 224, 224), (0, 14, 14))  # no class token
        self.assertEqual(export_model.token_grid(1 + 12 * 16, 192, 256), (1, 12, 16))
        self.assertIsNone(export_model.token_grid(64 * 64 + 20, 224, 224))  # needs more than 16 prefix tokens


if __name__ == "__main__":
    unittest.main()
