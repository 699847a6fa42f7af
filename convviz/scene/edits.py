"""The user's edits as functions from scene to scene, so the page only wires widgets to them."""

from __future__ import annotations

import numpy as np

from .images import MAX_INDEXED_VALUES, check_grid_size, distinct_values, encode_png
from .kernels import normalized, random_kernel
from .model import Scene, format_rows, kernel_array


def drawing_source(image: np.ndarray) -> str:
    """The link form of a drawing that keeps its float32 values exactly: the shorter of rows and `png:`
    data (rows alone past the distinct values a png: input can index). Rows take at least two
    characters a cell, so they are only written out when the png: data is longer than that."""
    values = np.asarray(image, dtype=np.float32)
    if len(distinct_values(values)[0]) > MAX_INDEXED_VALUES:
        return format_rows(values)
    png = encode_png(values)
    if len(png) < 2 * values.size:
        return png
    return min(png, format_rows(values), key=len)


def with_drawn_input(scene: Scene, image: np.ndarray) -> Scene:
    """A drawn or loaded image becomes the input, stored exactly, at its own size."""
    return scene.replace(input=drawing_source(image), size=tuple(np.shape(image)))


def with_grid_size(scene: Scene, size: tuple[int, int]) -> Scene:
    """Only the size changes: presets are drawn at it and a drawing is shown resized to it, while the
    scene keeps the drawing at its own resolution, so going back to its size restores it."""
    size = check_grid_size(tuple(size))
    return scene if size == tuple(scene.size) else scene.replace(size=size)


def with_kernel_values(scene: Scene, kernel: np.ndarray) -> Scene:
    return scene.replace(kernel=format_rows(np.asarray(kernel, dtype=np.float32)))


def with_normalized_kernel(scene: Scene) -> Scene:
    return with_kernel_values(scene, normalized(kernel_array(scene.kernel)))


def with_random_kernel(scene: Scene, rng: np.random.Generator) -> Scene:
    return with_kernel_values(scene, random_kernel(kernel_array(scene.kernel).shape, rng))
