"""Named 3x3 kernels: the classic image filters that show what a convolution layer can detect."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

_KERNELS = {
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
    "box": [[1 / 9] * 3] * 3,
    "gaussian": [[1 / 16, 2 / 16, 1 / 16], [2 / 16, 4 / 16, 2 / 16], [1 / 16, 2 / 16, 1 / 16]],
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "sobel_x": [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],
    "sobel_y": [[-1, -2, -1], [0, 0, 0], [1, 2, 1]],
    "prewitt_x": [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]],
    "prewitt_y": [[-1, -1, -1], [0, 0, 0], [1, 1, 1]],
    "laplacian": [[0, 1, 0], [1, -4, 1], [0, 1, 0]],
    "emboss": [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]],
    "outline": [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]],
}

KERNEL_PRESETS: tuple[str, ...] = tuple(_KERNELS)

KERNEL_TITLES = {
    "identity": "Identity",
    "box": "Box blur",
    "gaussian": "Gaussian blur",
    "sharpen": "Sharpen",
    "sobel_x": "Sobel x (vertical edges)",
    "sobel_y": "Sobel y (horizontal edges)",
    "prewitt_x": "Prewitt x",
    "prewitt_y": "Prewitt y",
    "laplacian": "Laplacian",
    "emboss": "Emboss",
    "outline": "Outline",
}


def kernel_preset(name: str) -> np.ndarray:
    """A fresh float32 copy of the named kernel; KeyError-free: unknown names raise ValueError."""
    try:
        return np.array(_KERNELS[name], dtype=np.float32)
    except KeyError:
        raise ValueError(f"unknown kernel preset {name!r}; known: {', '.join(KERNEL_PRESETS)}") from None


def random_kernel(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """Weights rounded to one decimal, so they stay readable in cells and short in links."""
    return np.round(rng.uniform(-1, 1, size=shape), 1).astype(np.float32)


ZERO_SUM = 1e-5  # a sum this small beside the weights' absolute sum is float32 rounding of 0


class Normalization(NamedTuple):
    """How Normalize treats a kernel: every weight divided by `divisor`, which is the weights' sum
    (`by` "sum") or, for a kernel whose weights sum to 0, the sum of their absolute values
    ("absolute sum")."""

    by: str
    divisor: float


def normalization(kernel: np.ndarray) -> Normalization | None:
    """What normalized() will do to `kernel`; None for an all-zero kernel, which it leaves alone."""
    total, absolute = float(kernel.sum()), float(np.abs(kernel).sum())
    if absolute == 0:
        return None
    if abs(total) <= ZERO_SUM * absolute:
        return Normalization("absolute sum", absolute)
    return Normalization("sum", total)


def normalized(kernel: np.ndarray) -> np.ndarray:
    """Every weight divided by their sum, so they sum to 1 (a blur keeps brightness; a negative sum flips
    the signs). A kernel whose weights sum to 0, like an edge detector, cannot sum to 1: it is divided by
    the sum of its absolute values instead, so those sum to 1. An all-zero kernel is returned as it is."""
    rule = normalization(kernel)
    return kernel if rule is None else (kernel / rule.divisor).astype(np.float32)
