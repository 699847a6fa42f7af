"""Every multiply-add of a single-channel convolution, as arrays: what the sliding-window animation shows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ._args import conv_padding, float_array, positive_pair
from .conv import conv2d
from .padding import pad2d


@dataclass(frozen=True, eq=False)
class ConvTrace:
    """One step per output pixel, in row-major output order (P = H' * W' steps).

    out_index (P, 2): the output cell of each step; in_index (P, kH, kW, 2): the padded-input cell under
    each kernel tap; products (P, kH, kW): tap value times weight; values (P,): their sums, equal to
    `conv2d(...)` flattened. padded is the padded input, kernel the kernel as applied (flipped for true
    convolution), sides the (top, bottom, left, right) padding."""

    out_index: np.ndarray
    in_index: np.ndarray
    products: np.ndarray
    values: np.ndarray
    padded: np.ndarray
    kernel: np.ndarray
    sides: tuple[int, int, int, int]

    @property
    def output_shape(self) -> tuple[int, int]:
        return tuple(int(n) + 1 for n in self.out_index[-1])

    @property
    def output(self) -> np.ndarray:
        return self.values.reshape(self.output_shape)

    def __len__(self) -> int:
        return len(self.values)


def conv2d_trace(
    x2d, kernel2d, stride=1, padding=0, dilation=1, padding_mode="zeros", flip=False
) -> ConvTrace:
    """The trace of `conv2d(x2d, kernel2d, ...)`, vectorised; indices are int32 so that a 512x512 input
    with a 7x7 kernel fits in well under 200 MB."""
    x = float_array(x2d, "x")
    kernel = float_array(kernel2d, "kernel").astype(x.dtype, copy=False)
    if x.ndim != 2 or kernel.ndim != 2:
        raise ValueError(
            f"a trace takes a 2-D input and a 2-D kernel; got shapes {x.shape} and {kernel.shape}"
        )
    output = conv2d(
        x, kernel, stride=stride, padding=padding, dilation=dilation, padding_mode=padding_mode, flip=flip
    )
    stride, dilation = positive_pair(stride, "stride"), positive_pair(dilation, "dilation")
    sides = conv_padding(padding, kernel.shape, stride, dilation)
    applied = np.ascontiguousarray(kernel[::-1, ::-1] if flip else kernel)
    padded = np.ascontiguousarray(pad2d(x, sides, padding_mode))
    (oh, ow), (kh, kw) = output.shape, kernel.shape
    s_h, s_w = padded.strides
    windows = as_strided(
        padded,
        shape=(oh, ow, kh, kw),
        strides=(stride[0] * s_h, stride[1] * s_w, dilation[0] * s_h, dilation[1] * s_w),
        writeable=False,
    )
    products = (windows * applied).reshape(oh * ow, kh, kw)
    rows = np.arange(oh, dtype=np.int32) * stride[0]
    cols = np.arange(ow, dtype=np.int32) * stride[1]
    in_index = np.empty((oh, ow, kh, kw, 2), dtype=np.int32)
    in_index[..., 0] = rows[:, None, None, None] + (np.arange(kh, dtype=np.int32) * dilation[0])[:, None]
    in_index[..., 1] = cols[None, :, None, None] + np.arange(kw, dtype=np.int32) * dilation[1]
    out_index = np.stack(np.divmod(np.arange(oh * ow, dtype=np.int32), ow), axis=1)
    return ConvTrace(
        out_index=out_index,
        in_index=in_index.reshape(oh * ow, kh, kw, 2),
        products=products,
        values=output.reshape(-1),
        padded=padded,
        kernel=applied,
        sides=sides,
    )
