"""The step of every sliding-window animation (convolution, pooling, and later dL/dW and dL/dX): a
window over a padded map, the values under it, what they are combined with, and how they reduce."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

REDUCTIONS = ("sum", "max", "mean")


@dataclass(frozen=True)
class WindowStep:
    """One output cell and everything that goes into it. Cells are (row, column) of the padded map the
    timeline holds, so padding cells can be drawn as what they hold."""

    index: int
    out_cell: tuple[int, int]
    window: np.ndarray  # (kH * kW, 2) padded-map cells under the window taps, row-major
    inputs: np.ndarray  # (kH, kW) the values under the taps
    weights: (
        np.ndarray | None
    )  # (kH, kW) what each value is multiplied by (the kernel as applied); None: pooling
    products: np.ndarray | None  # (kH, kW) inputs times weights, or None
    reduction: str  # how the window's values (or products) become the result: "sum", "max" or "mean"
    value: float  # the output cell's value, as the engine computed it
    chosen: tuple[int, int] | None = None  # "max": the padded-map cell whose value the window takes
    divisor: int | None = None  # "mean": how many cells the sum is divided by for this window


@dataclass(frozen=True)
class AxisSize:
    """The numbers of the output-size formula along one axis: floor((n + p - d(k-1) - 1) / s) + 1, with
    p the padding of both sides."""

    name: str
    n: int
    padding: int
    dilation: int
    kernel: int
    stride: int
    out: int


def window_cells(start: tuple[int, int], kernel: tuple[int, int], dilation: tuple[int, int]) -> np.ndarray:
    """The (kH * kW, 2) cells of a window whose first tap is at `start`, row-major."""
    rows = start[0] + np.arange(kernel[0]) * dilation[0]
    cols = start[1] + np.arange(kernel[1]) * dilation[1]
    return np.stack(np.meshgrid(rows, cols, indexing="ij"), axis=-1).reshape(-1, 2)


def filled_until(values: np.ndarray, index: int) -> np.ndarray:
    """An output map as it stands after step `index` of a row-major walk over it: the cells of later
    steps are NaN (not computed yet); index -1 shows none, past the end all."""
    shown = np.full(values.size, np.nan, dtype=np.result_type(values.dtype, np.float32))
    done = min(max(index, -1), values.size - 1) + 1
    shown[:done] = values.reshape(-1)[:done]
    return shown.reshape(values.shape)
