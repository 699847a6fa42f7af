"""Named 3x3 kernels: the classic image filters that show what a convolution layer can detect."""

from __future__ import annotations

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


def normalized(kernel: np.ndarray) -> np.ndarray:
    """Scale so the weights sum to 1 (a blur keeps brightness); kernels summing to 0, like edge
    detectors, are scaled so their absolute values sum to 1 instead."""
    total = float(kernel.sum())
    scale = total if abs(total) > 1e-12 else float(np.abs(kernel).sum())
    return kernel if scale == 0 else (kernel / scale).astype(np.float32)
