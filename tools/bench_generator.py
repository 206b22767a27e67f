"""A bigger generator for `bench-invert`: a DCGAN-style 256 x 256 generator with random weights (latent 128,
unconditional, no BatchNorm), exported with export_model.export_generator. Its images are noise; it only measures
cost.

    /usr/bin/python3 tools/bench_generator.py /tmp/bench-generator-256
"""
import sys

import torch

import export_model


class BenchGenerator(torch.nn.Module):
    """latent -> 4 x 4 x 512, then six x2 upsampling blocks (512, 256, 128, 64, 32, 32 channels) -> RGB 256 x 256."""

    def __init__(self, latent=128, widths=(512, 256, 128, 64, 32, 32)):
        super().__init__()
        self.project = torch.nn.Linear(latent, 512 * 4 * 4)
        blocks, previous = [], 512
        for width in widths:
            blocks.append(torch.nn.Sequential(torch.nn.Upsample(scale_factor=2.0), torch.nn.Conv2d(previous, width, 3, 1, 1),
                                              torch.nn.LeakyReLU(0.2)))
            previous = width
        self.blocks = torch.nn.Sequential(*blocks)
        self.to_rgb = torch.nn.Conv2d(previous, 3, 3, 1, 1)

    def forward(self, z, y):
        return torch.tanh(self.to_rgb(self.blocks(self.project(z).view(-1, 512, 4, 4))))


def main(out_dir):
    torch.manual_seed(0)
    export_model.export_generator(BenchGenerator().eval(), out_dir, name="bench-generator-256",
                                  layers=["blocks.%d" % i for i in range(6)], latent_size=128, num_classes=0,
                                  image_shape=(3, 256, 256), description="random-weight 256 px generator for bench-invert")


if __name__ == "__main__":
    main(sys.argv[1])
