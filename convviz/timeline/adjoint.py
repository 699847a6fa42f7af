"""What the Backprop page's dL/dX and the Transposed page share: both are the adjoint of a convolution,
shown as a gather over a map with zeros inserted between its cells, and as the convolution's matrix."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from convviz.scene.limits import MATRIX_INPUT

from .base import NoOutput
from .window import WindowStep, window_cells

VALUE, INSERTED, BORDER = 0, 1, 2  # a spread map cell holds a value, an inserted zero or a border zero


def spread_map(
    values: np.ndarray, stride: tuple[int, int], origin: tuple[int, int], shape: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """`values` spread `stride` cells apart (stride − 1 zeros inserted between neighbours), their first
    cell at `origin` of a zero map of `shape`, and the kind of every map cell (VALUE,
    INSERTED or BORDER). A negative origin, or a map smaller than the spread, crops it: cells outside the
    map are dropped."""
    lattice_shape = tuple((n - 1) * s + 1 for n, s in zip(values.shape, stride))
    lattice = np.zeros(lattice_shape, dtype=np.float32)
    lattice_kinds = np.full(lattice_shape, INSERTED, dtype=np.int8)
    lattice[:: stride[0], :: stride[1]] = values
    lattice_kinds[:: stride[0], :: stride[1]] = VALUE
    spread = np.zeros(shape, dtype=np.float32)
    kinds = np.full(shape, BORDER, dtype=np.int8)
    into, out_of = [], []
    for start, size, span in zip(origin, shape, lattice_shape):
        low, high = max(start, 0), min(start + span, size)
        into.append(slice(low, max(high, low)))
        out_of.append(slice(low - start, max(high, low) - start))
    spread[tuple(into)] = lattice[tuple(out_of)]
    kinds[tuple(into)] = lattice_kinds[tuple(out_of)]
    return spread, kinds


def check_matrix_size(shape: tuple[int, int], name: str, why: str, instead: str) -> None:
    """NoOutput, with the reason, when the `name` map of `shape` is too large to show its matrix: at most
    MATRIX_INPUT cells a side, so that the matrix has at most 144 rows or columns for it (`why`)."""
    h, w = shape
    if max(h, w) > MATRIX_INPUT:
        raise NoOutput(
            f"The matrix view shows {name}s of at most {MATRIX_INPUT}x{MATRIX_INPUT} cells ({why}); this"
            f" {name} is {h}x{w}. Choose {instead}."
        )


def matrix_of(linear_map: Callable[[np.ndarray], np.ndarray], shape: tuple[int, int]) -> np.ndarray:
    """The matrix of a linear map of (H, W) maps taking an (N, 1, H, W) batch: column q is the map of
    the one-hot input q, rows its output cells, both row-major."""
    cells = shape[0] * shape[1]
    basis = np.eye(cells, dtype=np.float32).reshape(cells, 1, *shape)
    return linear_map(basis).reshape(cells, -1).T.copy()


def gather_window(
    spread: tuple[np.ndarray, np.ndarray],
    rotated: np.ndarray,
    start,
    dilation,
    index: int,
    out_cell,
    value: float,
) -> tuple[WindowStep, np.ndarray]:
    """The window of the rotated kernel whose first tap is at `start` of a spread map (values, kinds):
    one cell of the adjoint as a sum of products, `value` the engine's, and the kind of each tap's cell."""
    values, kinds = spread
    cells = window_cells(start, rotated.shape, dilation)
    inputs = values[cells[:, 0], cells[:, 1]].reshape(rotated.shape)
    window = WindowStep(
        index=index, out_cell=out_cell, window=cells, inputs=inputs, weights=rotated,
        products=inputs * rotated, reduction="sum", value=value,
    )  # fmt: skip
    return window, kinds[cells[:, 0], cells[:, 1]].reshape(rotated.shape)
