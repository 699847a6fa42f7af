"""Spatial padding of (..., H, W) arrays in PyTorch's four modes, and its adjoint for the backward pass.

Each mode is an index map from padded positions to source positions along one axis; the forward pass
gathers through it and the backward pass folds the padded cells' gradients back onto their sources."""

from __future__ import annotations

import numpy as np

PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


def check_padding_mode(mode: str, shape: tuple[int, int], sides: tuple[int, int, int, int]) -> None:
    """PyTorch's limits: reflect needs padding < size, circular needs padding <= size."""
    if mode not in PADDING_MODES:
        raise ValueError(f"padding_mode must be one of {', '.join(PADDING_MODES)}; got {mode!r}")
    for axis, n, before, after in (("height", shape[0], *sides[:2]), ("width", shape[1], *sides[2:])):
        widest = max(before, after)
        if mode == "reflect" and widest >= n:
            raise ValueError(f"reflect padding ({widest}) must be smaller than the input {axis} ({n})")
        if mode == "circular" and widest > n:
            raise ValueError(f"circular padding ({widest}) must not exceed the input {axis} ({n})")


def source_index(n: int, before: int, after: int, mode: str) -> np.ndarray:
    """For each padded position along one axis, the source position in the input (-1 for a zero)."""
    positions = np.arange(-before, n + after)
    if mode == "zeros":
        return np.where((positions >= 0) & (positions < n), positions, -1)
    if mode == "replicate":
        return np.clip(positions, 0, n - 1)
    if mode == "circular":
        return positions % n
    # reflect, without repeating the edge: -1 -> 1, n -> n - 2
    period = 2 * (n - 1) if n > 1 else 1
    folded = np.abs(positions) % period
    return np.where(folded < n, folded, period - folded)


def pad2d(x: np.ndarray, sides: tuple[int, int, int, int], mode: str = "zeros") -> np.ndarray:
    """Pad the last two axes by (top, bottom, left, right)."""
    if not any(sides):
        return x
    top, bottom, left, right = sides
    if mode == "zeros":
        widths = [(0, 0)] * (x.ndim - 2) + [(top, bottom), (left, right)]
        return np.pad(x, widths)
    rows = source_index(x.shape[-2], top, bottom, mode)
    cols = source_index(x.shape[-1], left, right, mode)
    return x[..., rows[:, None], cols[None, :]]


def unpad2d_grad(
    grad: np.ndarray, shape: tuple[int, int], sides: tuple[int, int, int, int], mode: str = "zeros"
) -> np.ndarray:
    """The adjoint of `pad2d`: the gradient of the unpadded input from that of the padded one."""
    top, bottom, left, right = sides
    if mode == "zeros" or not any(sides):
        return grad[..., top : top + shape[0], left : left + shape[1]]
    rows = source_index(shape[0], top, bottom, mode)
    cols = source_index(shape[1], left, right, mode)
    folded = _fold(grad, rows, top, shape[0], axis=-2)
    return _fold(folded, cols, left, shape[1], axis=-1)


def _fold(grad: np.ndarray, index: np.ndarray, start: int, n: int, axis: int) -> np.ndarray:
    """Sum the slices of `grad` along `axis` that share a source index (a loop over padding cells only).

    Positions start..start+n-1 are the input itself; the others are padding."""
    grad = np.moveaxis(grad, axis, 0)
    out = grad[start : start + n].copy()
    for position in (*range(start), *range(start + n, len(index))):
        out[index[position]] += grad[position]
    return np.moveaxis(out, 0, axis)
