"""Exports the two tiny Describe Neurons backend packages of sample-data/describe (no pretrained weights involved).

tiny-encoder:   an "image-text encoder" for the sample world: an image's embedding is the share of its pixels
                nearest to each of the world's eight colours; a colour word's text embedding is that colour's axis.
tiny-captioner: captions "a <object colour> obj ##ect" (object colours are the ones no background has).

Usage: /usr/bin/python3 tools/describe_tiny_backends.py sample-data/describe
"""
import hashlib
import os
import sys
from typing import Dict

import torch
from torch import nn

COLOURS = ["red", "green", "blue", "yellow", "gray", "white", "teal", "purple"]
RGB = [(220, 45, 45), (50, 175, 65), (45, 80, 220), (235, 205, 40), (128, 128, 128), (235, 235, 235), (30, 130, 135),
       (125, 60, 145)]
MEAN, STD = 0.5, 0.25


def nearest_colour_shares(x: torch.Tensor, protos: torch.Tensor, sharpness: float) -> torch.Tensor:
    pixels = x * 0.25 + 0.5                                        # back to [0, 1] (STD, MEAN)
    d = ((pixels[:, None] - protos[None, :, :, None, None]) ** 2).sum(2)
    return torch.softmax(-sharpness * d, dim=1)                    # (B, 8, H, W)


class Encoder(nn.Module):
    def __init__(self, vocabulary):
        super().__init__()
        self.register_buffer("protos", torch.tensor(RGB, dtype=torch.float32) / 255)
        table = torch.zeros(len(vocabulary), len(COLOURS))
        for i, word in enumerate(vocabulary):
            if word in COLOURS:
                table[i, COLOURS.index(word)] = 1.0
            elif i > 1:
                table[i] = 1.0 / len(COLOURS) ** 0.5
        self.register_buffer("table", table)

    def forward(self, x):
        return nearest_colour_shares(x, self.protos, 50.0).mean((2, 3))

    @torch.jit.export
    def activations(self, x: torch.Tensor) -> Dict[str, torch.Tensor]:
        return {"image_embedding": self.forward(x)}

    @torch.jit.export
    def encode_text(self, ids: torch.Tensor) -> torch.Tensor:
        mask = (ids > 0).float().unsqueeze(-1)
        return (self.table[ids] * mask).sum(1)


class Captioner(nn.Module):
    def __init__(self, colour_ids):
        super().__init__()
        self.register_buffer("protos", torch.tensor(RGB, dtype=torch.float32) / 255)
        self.register_buffer("colour_ids", torch.tensor(colour_ids, dtype=torch.long))

    def forward(self, x):
        shares = nearest_colour_shares(x, self.protos, 1000.0).sum((2, 3))[:, :4]   # object colours only
        colour = self.colour_ids[shares.argmax(1)]
        b = x.shape[0]
        fixed = torch.tensor([2, 4, 0, 5, 6, 3, 0], dtype=torch.long).repeat(b, 1)      # [CLS] a _ obj ##ect [SEP] [PAD]
        fixed[:, 2] = colour
        return fixed

    @torch.jit.export
    def activations(self, x: torch.Tensor) -> Dict[str, torch.Tensor]:
        return {"caption": self.forward(x)}


def write_package(folder, name, module, layer, describe, extra_files, description="tiny test backend",
                  input_size=64):
    """weights.pt (the scripted module), the extra text files (name -> lines) and rdf.yaml of a backend package."""
    os.makedirs(folder, exist_ok=True)
    torch.jit.save(torch.jit.script(module.eval()), os.path.join(folder, "weights.pt"))
    for file, lines in extra_files.items():
        with open(os.path.join(folder, file), "w") as out:
            out.write("\n".join(lines) + "\n")
    with open(os.path.join(folder, "weights.pt"), "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    describe_yaml = "\n".join("    %s: %s" % (k, v) for k, v in describe.items())
    with open(os.path.join(folder, "rdf.yaml"), "w") as out:
        out.write(f"""format_version: 0.5.4
type: model
name: {name}
description: {description}
license: MIT
inputs:
- id: image
  axes: bcyx
  shape: [1, 3, {input_size}, {input_size}]
  preprocessing:
  - id: fixed_zero_mean_unit_variance
    kwargs: {{mean: [{MEAN}, {MEAN}, {MEAN}], std: [{STD}, {STD}, {STD}]}}
weights:
  torchscript: {{source: weights.pt, sha256: {sha}}}
config:
  rosetta:
    role: encoder
    layers:
    - {{name: {layer}}}
  describe:
{describe_yaml}
""")


def main(out):
    vocabulary = ["<pad>", "<unk>"] + COLOURS + ["circle", "square", "triangle", "cross", "shape"]
    write_package(os.path.join(out, "tiny-encoder"), "tiny-encoder", Encoder(vocabulary), "image_embedding",
                  {"kind": "image_text_encoder", "text_method": "encode_text", "tokenizer": "words",
                   "vocabulary": "vocab.txt", "context_length": 4, "pad_id": 0, "unknown_id": 1,
                   "text_template": "'{}'"},
                  {"vocab.txt": vocabulary})
    tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "a", "obj", "##ect"] + COLOURS[:4]
    write_package(os.path.join(out, "tiny-captioner"), "tiny-captioner",
                  Captioner([tokens.index(c) for c in COLOURS[:4]]), "caption",
                  {"kind": "captioner", "vocabulary": "vocab.txt", "wordpiece": "true"},
                  {"vocab.txt": tokens})


if __name__ == "__main__":
    main(sys.argv[1])
