"""The scene: everything a page shows, as one frozen value. Edits make new scenes; history keeps them.

A scene stores its input and kernel in their link form (a preset name, rows, or `png:` data) so that a
scene *is* its link; `input_image` and `kernel_array` turn those into arrays, cached because a drawn
input is decoded many times while a page animates."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .images import decode_png, resample
from .inputs import INPUT_PRESETS, input_preset
from .kernels import KERNEL_PRESETS, kernel_preset

Pair = tuple[int, int]

PAGES = ("start", "conv")


@dataclass(frozen=True)
class Scene:
    """One page's state. Fields not used by a page keep their defaults and stay out of its link."""

    page: str = "conv"
    input: str = "digit3"
    size: Pair = (28, 28)
    kernel: str = "sobel_x"
    stride: Pair = (1, 1)
    padding: Pair | str = (0, 0)
    dilation: Pair = (1, 1)
    padding_mode: str = "zeros"
    flip: bool = False
    step: int = 0

    def replace(self, **changes) -> Scene:
        return dataclasses.replace(self, **changes)


def is_rows(text: str) -> bool:
    return not text.startswith("png:") and text not in INPUT_PRESETS and text not in KERNEL_PRESETS


def parse_rows(text: str, what: str, limit: int) -> np.ndarray:
    """'1,0,-1;2,0,-2' as a float32 array, rectangular, finite, at most limit x limit."""
    if text.isidentifier():
        presets = INPUT_PRESETS if what == "input" else KERNEL_PRESETS
        raise ValueError(f"unknown {what} preset {text!r}; presets: {', '.join(presets)}")
    try:
        rows = [[float(value) for value in row.split(",")] for row in text.split(";")]
    except ValueError:
        raise ValueError("rows must be numbers separated by ',', rows separated by ';'") from None
    if len({len(row) for row in rows}) != 1:
        raise ValueError("rows must all have the same number of values")
    array = np.array(rows, dtype=np.float32)
    if not np.isfinite(array).all():
        raise ValueError("values must be finite numbers")
    if max(array.shape) > limit:
        raise ValueError(f"{array.shape[0]}x{array.shape[1]} is too large; at most {limit}x{limit}")
    return array


def format_rows(array: np.ndarray) -> str:
    """The shortest text that reads back to the same float32 values."""
    return ";".join(
        ",".join(np.format_float_positional(np.float32(v), unique=True, trim="-") for v in row)
        for row in array
    )


@lru_cache(maxsize=32)
def input_image(source: str, size: Pair) -> np.ndarray:
    """The input grid of a scene (read-only float32): presets drawn at `size`, png data resampled to it,
    rows as written (they carry their own size)."""
    if source.startswith("png:"):
        image = resample(decode_png(source), size)
    elif source in INPUT_PRESETS:
        image = input_preset(source, size)
    else:
        image = parse_rows(source, "input", 512)
    image.setflags(write=False)
    return image


@lru_cache(maxsize=32)
def kernel_array(source: str) -> np.ndarray:
    """The kernel of a scene (read-only float32), from a preset name or rows."""
    kernel = kernel_preset(source) if source in KERNEL_PRESETS else parse_rows(source, "kernel", 9)
    kernel.setflags(write=False)
    return kernel
