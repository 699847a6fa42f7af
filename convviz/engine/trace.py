"""Every multiply-add of a single-channel convolution, as arrays: what the sliding-window animation shows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ._args import float_array
from .conv import conv2d, conv_geometry
from .padding import pad2d


@dataclass(frozen=True, eq=False)
class ConvTrace:
    """One step per output pixel, in row-major output order (P = H' * W' steps, or the chosen subset).

    out_index (P, 2): the output cell of each step; in_index (P, kH, kW, 2): the padded-input cell under
    each kernel tap; products (P, kH, kW): tap value times weight; values (P,): the output values, equal to
    `conv2d(...)` flattened (for a subset of steps, the sums of their products). padded is the padded
    input, kernel the kernel as applied (flipped for true convolution), sides the (top, bottom, left,
    right) padding, output_shape (H', W')."""

    out_index: np.ndarray
    in_index: np.ndarray
    products: np.ndarray
    values: np.ndarray
    padded: np.ndarray
    kernel: np.ndarray
    sides: tuple[int, int, int, int]
    output_shape: tuple[int, int]

    def __len__(self) -> int:
        return len(self.values)


def conv2d_trace(
    x2d, kernel2d, stride=1, padding=0, dilation=1, padding_mode="zeros", flip=False, steps=None
) -> ConvTrace:
    """The trace of `conv2d(x2d, kernel2d, ...)`, vectorised; `steps` (indices into the row-major output)
    picks a subset, which is how an animation fetches one step without tracing them all. Indices are
    int32 so that a full trace of a 512x512 input with a 7x7 kernel stays well under 200 MB."""
    x = float_array(x2d, "x")
    kernel = float_array(kernel2d, "kernel").astype(x.dtype, copy=False)
    if x.ndim != 2 or kernel.ndim != 2:
        raise ValueError(
            f"a trace takes a 2-D input and a 2-D kernel; got shapes {x.shape} and {kernel.shape}"
        )
    geo = conv_geometry(x[None, None], kernel[None, None], stride, padding, dilation, 1, padding_mode)
    applied = np.ascontiguousarray(kernel[::-1, ::-1] if flip else kernel)
    padded = np.ascontiguousarray(pad2d(x, geo.sides, padding_mode))
    (kh, kw), (oh, ow), stride, dilation = kernel.shape, geo.out, geo.stride, geo.dilation
    chosen = _chosen_steps(steps, oh * ow)
    rows, cols = np.divmod(chosen, np.int32(ow))
    s_h, s_w = padded.strides
    windows = as_strided(
        padded,
        shape=(oh, ow, kh, kw),
        strides=(stride[0] * s_h, stride[1] * s_w, dilation[0] * s_h, dilation[1] * s_w),
        writeable=False,
    )
    if steps is None:
        products = (windows * applied).reshape(oh * ow, kh, kw)
        values = conv2d(
            x, kernel, stride=stride, padding=padding, dilation=dilation, padding_mode=padding_mode, flip=flip
        ).reshape(-1)
    else:
        products = windows[rows, cols] * applied
        values = products.sum(axis=(1, 2))
    tap_rows = np.arange(kh, dtype=np.int32)[:, None] * dilation[0]
    tap_cols = np.arange(kw, dtype=np.int32) * dilation[1]
    in_index = np.empty((len(chosen), kh, kw, 2), dtype=np.int32)
    in_index[..., 0] = (rows * stride[0])[:, None, None] + tap_rows
    in_index[..., 1] = (cols * stride[1])[:, None, None] + tap_cols
    return ConvTrace(
        out_index=np.stack([rows, cols], axis=1),
        in_index=in_index,
        products=products,
        values=values,
        padded=padded,
        kernel=applied,
        sides=geo.sides,
        output_shape=(oh, ow),
    )


def _chosen_steps(steps, count: int) -> np.ndarray:
    """Step indices as NumPy would index an arange(count) with `steps` (slices, negative indices,
    IndexError when out of range), without building that arange: one step of a 512x512 trace must
    not cost a megabyte."""
    if steps is None:
        return np.arange(count, dtype=np.int32)
    if isinstance(steps, slice):
        return np.arange(*steps.indices(count), dtype=np.int32)
    chosen = np.asarray(steps, dtype=np.int64).reshape(-1)
    if chosen.size and (chosen.max() >= count or chosen.min() < -count):
        raise IndexError(f"steps must lie in -{count}..{count - 1}, the output has {count} positions")
    return (chosen % count if count else chosen).astype(np.int32)
