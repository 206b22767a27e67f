"""Writes a procedural world as a Broden-format concept set (see /work/shared/methods/netdissect.md, section 4):
images/world/NNNN.png and NNNN_<category>.png masks, index.csv, label.csv, category.csv, c_<category>.csv,
plus scenes.csv with each image's own description. Shared by tools/sample_world.py and tools/world_v2.py."""

import csv
import os
from typing import Dict, Iterable, List, Sequence, Tuple

import numpy as np
from PIL import Image

VAL_EVERY = 10  # images whose index % 10 >= 7 are "val" (70/30 like Broden)


def label_numbers(category_labels: Dict[str, Sequence[str]]) -> Dict[str, Dict[str, int]]:
    """Global Broden label number of every label, per category (1-based, in the given order; 0 means
    unlabelled). Numbers are fixed, not re-sorted by frequency as in Broden, so documentation and tests can rely
    on them."""
    numbers, next_number = {}, 1
    for category, names in category_labels.items():
        numbers[category] = {}
        for name in names:
            numbers[category][name] = next_number
            next_number += 1
    return numbers


def encode_label_png(labels: np.ndarray) -> np.ndarray:
    """Broden mask encoding: label number = R + 256 * G, B = 0."""
    if labels.min() < 0 or labels.max() >= 256 * 256:
        raise ValueError("Broden masks hold label numbers 0..65535")
    rgb = np.zeros(labels.shape + (3,), np.uint8)
    rgb[..., 0] = labels % 256
    rgb[..., 1] = labels // 256
    return rgb


def decode_label_png(rgb: np.ndarray) -> np.ndarray:
    return rgb[..., 0].astype(np.int32) + 256 * rgb[..., 1].astype(np.int32)


def write_csv(path, header, rows):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_concept_set(out_dir: str, examples: Iterable[Tuple[np.ndarray, Dict[str, np.ndarray], List]],
                      numbers: Dict[str, Dict[str, int]], scene_columns: Sequence[str]) -> None:
    """examples: per image its uint8 (H, W, 3) pixels, its per-category maps of global label numbers (0 =
    unlabelled; categories in the order of numbers) and its scenes.csv cells (scene_columns). numbers: per
    category, label name -> global label number, in label-number order."""
    os.makedirs(os.path.join(out_dir, "images", "world"), exist_ok=True)
    # Per global label: images it occurs in (per category) and its coverage in whole-image units.
    frequency = {number: 0 for per_category in numbers.values() for number in per_category.values()}
    coverage = {number: 0.0 for number in frequency}
    index_rows, scene_rows = [], []
    for index, (image, label_maps, scene_row) in enumerate(examples):
        base = "world/%04d" % index
        height, width = image.shape[:2]
        Image.fromarray(image, "RGB").save(os.path.join(out_dir, "images", base + ".png"), optimize=True)
        cells = []
        for category in numbers:
            labels = label_maps[category]
            present, counts = np.unique(labels[labels > 0], return_counts=True)
            for number, pixel_count in zip(present, counts):
                frequency[int(number)] += 1
                coverage[int(number)] += pixel_count / float(height * width)
            if len(present) == 0:
                cells.append("")
                continue
            mask_path = "%s_%s.png" % (base, category)
            Image.fromarray(encode_label_png(labels), "RGB").save(os.path.join(out_dir, "images", mask_path),
                                                                   optimize=True)
            cells.append(mask_path)
        split = "val" if index % VAL_EVERY >= 7 else "train"
        index_rows.append([base + ".png", split, height, width, height, width] + cells)
        scene_rows.append([base + ".png", split] + list(scene_row))
    write_csv(os.path.join(out_dir, "index.csv"), ["image", "split", "ih", "iw", "sh", "sw"] + list(numbers),
              index_rows)
    write_csv(os.path.join(out_dir, "scenes.csv"), ["image", "split"] + list(scene_columns), scene_rows)
    label_rows, category_rows = [], []
    for category, labels in numbers.items():
        category_numbers = list(labels.items())
        code_rows = []
        for code, (name, number) in enumerate(category_numbers, start=1):
            label_rows.append([number, name, "%s(%d)" % (category, frequency[number]), frequency[number],
                               "%.6f" % coverage[number], ""])
            code_rows.append([code, number, name, frequency[number], "%.6f" % coverage[number]])
        write_csv(os.path.join(out_dir, "c_%s.csv" % category), ["code", "number", "name", "frequency", "coverage"],
                  code_rows)
        category_rows.append([category, category_numbers[0][1], category_numbers[-1][1], len(category_numbers),
                              sum(frequency[number] for _, number in category_numbers)])
    write_csv(os.path.join(out_dir, "label.csv"), ["number", "name", "category", "frequency", "coverage", "syns"],
              label_rows)
    write_csv(os.path.join(out_dir, "category.csv"), ["name", "first", "last", "count", "frequency"], category_rows)
