"""Forward-pass timing of a model package with Python's libtorch, the reference side of `bench-forward`.

Loads the package's TorchScript file, calls its `activations` method (or `generate` for a generator) on the
same deterministic input the plugin's `bench-forward` builds, with the same threads and batch, and prints one
line `python-forward: <ms per image> ms/image, CPU <ms per image> ms/image (...)` that `bench-forward --python`
reads (wall time, and the process's CPU time, which a loaded machine disturbs less).

    /usr/bin/python3 tools/benchmark_forward.py PACKAGE [--batch 8] [--images 32] [--threads 2] [--warmup 2]

Debian's torch multiplies through the system BLAS, whose threads `--threads` does not bound: run alone, set
OPENBLAS_NUM_THREADS to the same number (`bench-forward` does).
"""

import argparse
import math
import os
import sys
import time

import torch
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export_model import fixed_shape  # noqa: E402  (the manifest's input sizes, 0.5 axes or the older shape)


def deterministic_input(count, channels, height, width):
    """The input `bench-forward` uses: value k of the flattened (N, C, H, W) batch is sin(0.001 k)."""
    return torch.sin(0.001 * torch.arange(count * channels * height * width, dtype=torch.float64)).float().reshape(
        count, channels, height, width)


def deterministic_latents(count, size):
    """Latents as `bench-forward` makes them for a generator: value k is sin(0.001 k), classes k mod 1."""
    return torch.sin(0.001 * torch.arange(count * size, dtype=torch.float64)).float().reshape(count, size)


def tensors(outputs):
    """The tensors a method returned: a dictionary's values (the rosetta methods), a tuple or one tensor (forward)."""
    if isinstance(outputs, dict):
        return list(outputs.values())
    return list(outputs) if isinstance(outputs, (tuple, list)) else [outputs]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("package")
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--images", type=int, default=32)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--interop-threads", type=int, default=None)
    parser.add_argument("--warmup", type=int, default=2, help="untimed batches first (TorchScript profiling runs)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if args.interop_threads:
        torch.set_num_interop_threads(args.interop_threads)
    with open(os.path.join(args.package, "rdf.yaml")) as f:
        manifest = yaml.safe_load(f)
    weights = manifest.get("weights", {}).get("torchscript", {}).get("source", "weights.pt")
    module = torch.jit.load(os.path.join(args.package, weights), map_location="cpu").eval()
    rosetta = manifest.get("config", {}).get("rosetta", {})
    generator = rosetta.get("generator")
    if generator:
        method = getattr(module, generator.get("method", "generate"))
        latent = int(generator["latent_size"])

        def batch(n):
            return (deterministic_latents(n, latent), torch.zeros(n, dtype=torch.int64))
    else:
        method = getattr(module, rosetta.get("activations_method", "activations") if rosetta else "forward")
        channels, height, width = fixed_shape(manifest["inputs"][0])[-3:]

        def batch(n):
            return (deterministic_input(n, channels, height, width),)

    inputs = batch(args.batch)
    with torch.inference_mode():
        for _ in range(args.warmup):
            method(*inputs)
        batches = max(1, math.ceil(args.images / args.batch))
        start, cpu_start = time.perf_counter(), time.process_time()
        for _ in range(batches):
            outputs = method(*inputs)
            for value in tensors(outputs):
                value.numpy()  # a view, as the engine arrays on the plugin's side
        seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    images = batches * args.batch
    print("python-forward: %.2f ms/image, CPU %.2f ms/image (torch %s, %d threads, %d interop, batch %d, %d images)" % (
        1000 * seconds / images, 1000 * cpu_seconds / images, torch.__version__, torch.get_num_threads(),
        torch.get_num_interop_threads(),
        args.batch, images))


if __name__ == "__main__":
    sys.exit(main())
