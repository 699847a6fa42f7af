"""The user's edits as functions from scene to scene, so the page only wires widgets to them."""

from __future__ import annotations

import numpy as np

from .images import MAX_INDEXED_VALUES, check_grid_size, distinct_values, encode_png
from .kernels import normalized, random_kernel
from .model import format_rows, kernel_array
from .scenes import InputScene


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


def with_drawn_input(scene: InputScene, image: np.ndarray) -> InputScene:
    """A drawn or loaded image becomes the input, stored exactly, at its own size."""
    return scene.replace(input=drawing_source(image), size=tuple(np.shape(image)))


def with_grid_size(scene: InputScene, size: tuple[int, int]) -> InputScene:
    """Only the size changes: presets are drawn at it and a drawing is shown resized to it, while the
    scene keeps the drawing at its own resolution, so going back to its size restores it."""
    size = check_grid_size(tuple(size))
    return scene if size == tuple(scene.size) else scene.replace(size=size)


def with_kernel_values(scene: InputScene, kernel: np.ndarray) -> InputScene:
    return scene.replace(kernel=format_rows(np.asarray(kernel, dtype=np.float32)))


def with_normalized_kernel(scene: InputScene) -> InputScene:
    return with_kernel_values(scene, normalized(kernel_array(scene.kernel)))


def with_random_kernel(scene: InputScene, rng: np.random.Generator) -> InputScene:
    return with_kernel_values(scene, random_kernel(kernel_array(scene.kernel).shape, rng))
