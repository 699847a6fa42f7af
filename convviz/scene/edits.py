"""The user's edits as functions from scene to scene, so the page only wires widgets to them."""

from __future__ import annotations

import numpy as np

from .images import check_grid_size, encode_png, quantize, resample
from .kernels import normalized, random_kernel
from .model import Scene, format_rows, input_image, is_rows, kernel_array


def with_drawn_input(scene: Scene, image: np.ndarray) -> Scene:
    """A drawn or loaded [0, 1] image becomes the input, stored as PNG data at its own size."""
    return scene.replace(input=encode_png(image), size=tuple(image.shape))


def with_grid_size(scene: Scene, size: tuple[int, int]) -> Scene:
    """Presets are redrawn at the new size; drawn images are resampled; rows are resampled as numbers."""
    size = check_grid_size(tuple(size))
    if size == tuple(scene.size):
        return scene
    if scene.input.startswith("png:"):
        return with_drawn_input(scene, quantize(input_image(scene.input, size)))
    if is_rows(scene.input):
        rows = resample_values(input_image(scene.input, scene.size), size)
        return scene.replace(input=format_rows(rows), size=size)
    return scene.replace(size=size)


def resample_values(values: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Resample arbitrary (not only [0, 1]) values by mapping them to [0, 1] and back."""
    lo, hi = float(values.min()), float(values.max())
    if lo == hi:
        return np.full(size, lo, dtype=np.float32)
    return (resample((values - lo) / (hi - lo), size) * (hi - lo) + lo).astype(np.float32)


def with_kernel_values(scene: Scene, kernel: np.ndarray) -> Scene:
    return scene.replace(kernel=format_rows(np.asarray(kernel, dtype=np.float32)))


def with_normalized_kernel(scene: Scene) -> Scene:
    return with_kernel_values(scene, normalized(kernel_array(scene.kernel)))


def with_random_kernel(scene: Scene, rng: np.random.Generator) -> Scene:
    return with_kernel_values(scene, random_kernel(kernel_array(scene.kernel).shape, rng))
