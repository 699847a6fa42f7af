"""Max and average pooling and their gradients, with PyTorch's semantics (ceil_mode, implicit padding,
count_include_pad, ties to the first maximum), as loops over window taps, never over output pixels."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._args import AXES, non_negative_pair, positive_pair
from ._layout import Layout, as_batch


@dataclass(frozen=True)
class _PoolGeometry:
    kernel: tuple[int, int]
    stride: tuple[int, int]
    padding: tuple[int, int]
    dilation: tuple[int, int]
    size: tuple[int, int]
    out: tuple[int, int]

    def starts(self, axis: int) -> np.ndarray:
        """Where each window starts along one axis, in unpadded input coordinates (may be negative)."""
        return np.arange(self.out[axis]) * self.stride[axis] - self.padding[axis]

    def canvas_widths(self) -> tuple[tuple[int, int], tuple[int, int]]:
        """Padding before/after each axis so that every window, ceil_mode's last one too, is in bounds."""
        widths = []
        for o, s, p, d, k, n in zip(
            self.out, self.stride, self.padding, self.dilation, self.kernel, self.size
        ):
            widths.append((p, max(0, (o - 1) * s + d * (k - 1) + 1 - p - n)))
        return tuple(widths)

    def taps(self):
        """(a, b, row slice, column slice) of the padded canvas for each window tap, row-major."""
        (kh, kw), (sh, sw), (dh, dw), (oh, ow) = self.kernel, self.stride, self.dilation, self.out
        for a in range(kh):
            rows = slice(a * dh, a * dh + sh * (oh - 1) + 1, sh)
            for b in range(kw):
                yield a, b, rows, slice(b * dw, b * dw + sw * (ow - 1) + 1, sw)


def _pool_size(n: int, k: int, s: int, p: int, d: int, ceil_mode: bool) -> int:
    """PyTorch's pooling output size: with ceil_mode the last window must still start inside the input
    or its left padding."""
    span = n + 2 * p - d * (k - 1) - 1
    out = (span + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= n + p:
        out -= 1
    return out


def _pool_geometry(x4, kernel_size, stride, padding, dilation, ceil_mode) -> _PoolGeometry:
    kernel = positive_pair(kernel_size, "kernel_size")
    stride = kernel if stride is None else positive_pair(stride, "stride")
    padding = non_negative_pair(padding, "padding")
    dilation = positive_pair(dilation, "dilation")
    size = x4.shape[-2:]
    for axis, k, p in zip(AXES, kernel, padding):
        if 2 * p > k:
            raise ValueError(f"padding ({p}) must be at most half the pooling window {axis} ({k})")
    out = tuple(_pool_size(*args, bool(ceil_mode)) for args in zip(size, kernel, stride, padding, dilation))
    for axis, o, n, p, k, d in zip(AXES, out, size, padding, kernel, dilation):
        if o < 1:
            raise ValueError(
                f"pooling window (kernel_size {k}, dilation {d}: {d * (k - 1) + 1}) is larger than the"
                f" padded input {axis} ({n + 2 * p}): no output position"
            )
    geo = _PoolGeometry(kernel, stride, padding, dilation, size, out)
    for axis, n in enumerate(size):
        taps = geo.starts(axis)[:, None] + np.arange(kernel[axis]) * dilation[axis]
        if not ((taps >= 0) & (taps < n)).any(axis=1).all():
            raise ValueError(
                f"with padding {padding[axis]} and dilation {dilation[axis]} a pooling window falls wholly"
                f" outside the input {AXES[axis]} ({n}): every window needs at least one input pixel"
            )
    return geo


def _canvas(x4: np.ndarray, geo: _PoolGeometry, fill: float) -> np.ndarray:
    return np.pad(x4, ((0, 0), (0, 0), *geo.canvas_widths()), constant_values=fill)


def _first_inside(starts: np.ndarray, k: int, d: int) -> np.ndarray:
    """The first tap of each window that lies inside the input: PyTorch's initial argmax."""
    skipped = np.where(starts < 0, -(starts // d), 0)  # ceil(-start / d) taps fall in the padding
    return starts + np.minimum(skipped, k - 1) * d


def _max_with_indices(x4: np.ndarray, geo: _PoolGeometry) -> tuple[np.ndarray, np.ndarray]:
    """PyTorch's CPU loop, vectorised over windows: start at the first inside tap and take a tap when it
    is greater than the best so far or NaN, so ties keep the first maximum in row-major window order."""
    width = geo.size[1]
    first_row = _first_inside(geo.starts(0), geo.kernel[0], geo.dilation[0])
    first_col = _first_inside(geo.starts(1), geo.kernel[1], geo.dilation[1])
    best = x4[:, :, first_row[:, None], first_col[None, :]]
    index = np.broadcast_to(first_row[:, None] * width + first_col[None, :], best.shape).astype(np.int64)
    canvas = _canvas(x4, geo, -np.inf)
    for a, b, rows, cols in geo.taps():
        values = canvas[:, :, rows, cols]
        take = (values > best) | np.isnan(values)
        flat = (geo.starts(0) + a * geo.dilation[0])[:, None] * width + geo.starts(1) + b * geo.dilation[1]
        np.copyto(best, values, where=take)
        np.copyto(index, flat, where=take)
    return best, index


def max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False):
    """Max pooling as `torch.nn.functional.max_pool2d`.

    Indices are flat positions in the unpadded H*W plane."""
    x4, layout = as_batch(x)
    geo = _pool_geometry(x4, kernel_size, stride, padding, dilation, ceil_mode)
    if return_indices:
        best, index = _max_with_indices(x4, geo)
        return layout.restore(best), layout.restore(index)
    canvas = _canvas(x4, geo, -np.inf)
    best = np.full(x4.shape[:2] + geo.out, -np.inf, dtype=x4.dtype)
    for _, _, rows, cols in geo.taps():
        np.maximum(best, canvas[:, :, rows, cols], out=best)
    return layout.restore(best)


def max_pool2d_backward(x, grad_out, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False):
    """grad_x of `max_pool2d`: each output's gradient goes to its argmax only.

    Where windows overlap, an input that is the maximum of several windows collects all their gradients."""
    x4, layout = as_batch(x)
    geo = _pool_geometry(x4, kernel_size, stride, padding, dilation, ceil_mode)
    g4 = _grad4(grad_out, x4, geo, layout)
    _, index = _max_with_indices(x4, geo)
    n, c, h, w = x4.shape
    planes = np.arange(n * c).reshape(n, c, 1, 1) * (h * w)
    grad = np.bincount((index + planes).ravel(), weights=g4.ravel(), minlength=n * c * h * w)
    return layout.restore(grad.astype(x4.dtype, copy=False).reshape(x4.shape))


def _grad4(grad_out, x4: np.ndarray, geo: _PoolGeometry, layout: Layout) -> np.ndarray:
    grad_out = np.asarray(grad_out, dtype=x4.dtype)
    expected = (x4.shape[:2] + geo.out)[4 - layout.ndim :]
    if grad_out.shape != expected:
        raise ValueError(f"grad_out has shape {grad_out.shape} but the pooled output has shape {expected}")
    return grad_out.reshape(x4.shape[:2] + geo.out)


def _avg_divisor(geo: _PoolGeometry, count_include_pad: bool) -> np.ndarray:
    """How many cells each window averages over, per (out_row, out_col), as PyTorch counts them."""
    counts = []
    for axis in range(2):
        start, k, n, p = geo.starts(axis), geo.kernel[axis], geo.size[axis], geo.padding[axis]
        if count_include_pad:
            counts.append(np.minimum(start + k, n + p) - start)
        else:
            counts.append(np.minimum(start + k, n) - np.maximum(start, 0))
    return counts[0][:, None] * counts[1][None, :]


def avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True):
    """Average pooling as `torch.nn.functional.avg_pool2d`."""
    x4, layout = as_batch(x)
    geo = _pool_geometry(x4, kernel_size, stride, padding, 1, ceil_mode)
    canvas = _canvas(x4, geo, 0)
    total = np.zeros(x4.shape[:2] + geo.out, dtype=x4.dtype)
    for _, _, rows, cols in geo.taps():
        total += canvas[:, :, rows, cols]
    total /= _avg_divisor(geo, count_include_pad).astype(x4.dtype)
    return layout.restore(total)


def avg_pool2d_backward(
    x, grad_out, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True
):
    """grad_x of `avg_pool2d`: each output's gradient split evenly over the cells its window averages."""
    x4, layout = as_batch(x)
    geo = _pool_geometry(x4, kernel_size, stride, padding, 1, ceil_mode)
    share = _grad4(grad_out, x4, geo, layout) / _avg_divisor(geo, count_include_pad).astype(x4.dtype)
    (top, bottom), (left, right) = geo.canvas_widths()
    canvas = np.zeros(x4.shape[:2] + (geo.size[0] + top + bottom, geo.size[1] + left + right), dtype=x4.dtype)
    for _, _, rows, cols in geo.taps():
        canvas[:, :, rows, cols] += share
    return layout.restore(canvas[:, :, top : top + geo.size[0], left : left + geo.size[1]])
