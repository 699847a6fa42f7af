"""A scene's input and kernel: scenes store them in their link form (a preset name, rows, or `png:`
data) so that a scene *is* its link; `input_image` and `kernel_array` turn those into arrays, cached
because a drawn input is decoded many times while a page animates."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .images import decode_png, distinct_values, float32_text, resize_nearest
from .inputs import INPUT_PRESETS, input_preset
from .kernels import KERNEL_PRESETS, kernel_preset
from .limits import GRID, KERNEL
from .messages import shortened

Pair = tuple[int, int]


def is_rows(text: str) -> bool:
    return not text.startswith("png:") and text not in INPUT_PRESETS and text not in KERNEL_PRESETS


def parse_rows(text: str, what: str, limits: tuple[int, int]) -> np.ndarray:
    """'1,0,-1;2,0,-2' as a float32 array, rectangular, finite, each side within `limits` (low, high)."""
    if text.isidentifier():
        presets = INPUT_PRESETS if what == "input" else KERNEL_PRESETS
        raise ValueError(f"unknown {what} preset {shortened(text)!r}; presets: {', '.join(presets)}")
    try:
        rows = [[float(value) for value in row.split(",")] for row in text.split(";")]
    except ValueError:
        raise ValueError("rows must be numbers separated by ',', rows separated by ';'") from None
    if len({len(row) for row in rows}) != 1:
        raise ValueError("rows must all have the same number of values")
    array = np.array(rows, dtype=np.float32)
    if not np.isfinite(array).all():
        raise ValueError("values must be finite numbers")
    low, high = limits
    if not low <= min(array.shape) <= max(array.shape) <= high:
        raise ValueError(
            f"the {what} rows are {array.shape[0]}x{array.shape[1]};"
            f" each side may have {low} to {high} values"
        )
    return array


def rows_shape(rows: str) -> Pair:
    """The (height, width) of valid rows text, without reading its numbers."""
    return rows.count(";") + 1, rows.partition(";")[0].count(",") + 1


def format_rows(array: np.ndarray) -> str:
    """The shortest text that reads back to the same float32 values (each distinct value formatted once,
    so a 512x512 drawing of a few values is quick)."""
    distinct, indices = distinct_values(array)
    texts = np.array([float32_text(v) for v in distinct], dtype=object)[indices]
    return ";".join(",".join(row) for row in texts)


@lru_cache(maxsize=32)
def input_image(source: str, size: Pair) -> np.ndarray:
    """The input grid of a scene (read-only float32) at `size`: presets drawn at it; a drawing (png data
    or rows) kept at its own resolution and resized nearest-neighbour, so its cells stay sharp and
    changing the size back gives it back exactly."""
    if source in INPUT_PRESETS:
        image = input_preset(source, size)
    else:
        image = resize_nearest(drawing(source), size).copy()
    image.setflags(write=False)
    return image


@lru_cache(maxsize=8)
def drawing(source: str) -> np.ndarray:
    """A drawn input (png data or rows) at its own resolution, read-only float32."""
    image = decode_png(source) if source.startswith("png:") else parse_rows(source, "input", GRID)
    image.setflags(write=False)
    return image


@lru_cache(maxsize=32)
def kernel_array(source: str) -> np.ndarray:
    """The kernel of a scene (read-only float32), from a preset name or rows."""
    kernel = kernel_preset(source) if source in KERNEL_PRESETS else parse_rows(source, "kernel", KERNEL)
    kernel.setflags(write=False)
    return kernel
