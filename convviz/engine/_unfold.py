"""im2col and col2im: the two data movements that turn convolution into matrix products.

Columns hold, for every output position, the input values under every kernel tap:
(N, groups, C/groups * kH * kW, L). With stride 1 they use the "wide" layout: output rows are laid out
with the padded input's row pitch, so each kernel tap is one contiguous 1-D shift of the flattened
input, which makes both the copy in and the scatter-add back out several times faster than 2-D strided
slices. The few pitch-padding columns per row are computed and then dropped (forward) or carry zero
gradient (backward)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import as_strided


@dataclass(frozen=True)
class Geometry:
    """Everything about one convolution's shape that the forward and backward passes share."""

    kernel: tuple[int, int]
    stride: tuple[int, int]
    dilation: tuple[int, int]
    sides: tuple[int, int, int, int]
    padded: tuple[int, int]
    out: tuple[int, int]
    groups: int

    @property
    def taps(self):
        """(a, b, row slice, column slice) of the padded input that kernel tap (a, b) multiplies."""
        (kh, kw), (sh, sw), (dh, dw), (oh, ow) = self.kernel, self.stride, self.dilation, self.out
        for a in range(kh):
            rows = slice(a * dh, a * dh + sh * (oh - 1) + 1, sh)
            for b in range(kw):
                yield a, b, rows, slice(b * dw, b * dw + sw * (ow - 1) + 1, sw)

    @property
    def wide(self) -> bool:
        return self.stride == (1, 1)

    @property
    def length(self) -> int:
        """Columns per image: Ho*Wo, or (Ho-1)*Wp + Wo in the wide layout (ends exactly at the last pixel)."""
        (oh, ow), pitch = self.out, self.padded[1]
        return (oh - 1) * pitch + ow if self.wide else oh * ow


def _rows(flat: np.ndarray, rows: int, cols: int, pitch: int) -> np.ndarray:
    """A (..., rows, cols) view of the last axis of `flat` read with row pitch `pitch`."""
    item = flat.strides[-1]
    return as_strided(
        flat, shape=flat.shape[:-1] + (rows, cols), strides=flat.strides[:-1] + (pitch * item, item)
    )


def columns(xpad: np.ndarray, geo: Geometry) -> np.ndarray:
    """im2col of the padded input: (N, groups, C/groups * kH * kW, L), one contiguous copy."""
    n, c, hp, wp = xpad.shape
    (dh, dw), (sh, sw) = geo.dilation, geo.stride
    if geo.wide:
        flat = np.ascontiguousarray(xpad).reshape(n, c, hp * wp)
        s_n, s_c, item = flat.strides
        shape, strides = (n, c, *geo.kernel, geo.length), (s_n, s_c, dh * wp * item, dw * item, item)
        windows = as_strided(flat, shape=shape, strides=strides, writeable=False)
    else:
        s_n, s_c, s_h, s_w = xpad.strides
        shape, strides = (n, c, *geo.kernel, *geo.out), (s_n, s_c, dh * s_h, dw * s_w, sh * s_h, sw * s_w)
        windows = as_strided(xpad, shape=shape, strides=strides, writeable=False)
    return windows.reshape(n, geo.groups, -1, geo.length)


def output(products: np.ndarray, geo: Geometry) -> np.ndarray:
    """(N, groups, C_out/groups, L) matrix-product results as an (N, C_out, Ho, Wo) image."""
    n = products.shape[0]
    flat = products.reshape(n, -1, geo.length)
    if not geo.wide:
        return flat.reshape(n, -1, *geo.out)
    return np.ascontiguousarray(_rows(flat, *geo.out, geo.padded[1]))


def spread(image: np.ndarray, geo: Geometry) -> np.ndarray:
    """The inverse of `output`: an (N, C, Ho, Wo) image as (N, groups, C/groups, L) columns, the pitch
    padding filled with zeros so that it contributes nothing."""
    n, c = image.shape[:2]
    if not geo.wide:
        return image.reshape(n, geo.groups, -1, geo.length)
    flat = np.zeros((n, c, geo.length), dtype=image.dtype)
    _rows(flat, *geo.out, geo.padded[1])[...] = image
    return flat.reshape(n, geo.groups, -1, geo.length)


def fold(cols: np.ndarray, geo: Geometry) -> np.ndarray:
    """col2im: scatter-add (N, groups, C/groups * kH * kW, L) columns into an (N, C, Hp, Wp) image,
    one add per kernel tap."""
    n = cols.shape[0]
    cols = cols.reshape(n, -1, *geo.kernel, geo.length)
    c, (hp, wp) = cols.shape[1], geo.padded
    if not geo.wide:
        image = np.zeros((n, c, hp, wp), dtype=cols.dtype)
        tiles = cols.reshape(n, c, *geo.kernel, *geo.out)
        for a, b, rows, cols_ in geo.taps:
            image[:, :, rows, cols_] += tiles[:, :, a, b]
        return image
    flat = np.zeros((n, c, hp * wp), dtype=cols.dtype)
    (dh, dw), length = geo.dilation, geo.length
    for a, b, _, _ in geo.taps:
        start = a * dh * wp + b * dw
        flat[:, :, start : start + length] += cols[:, :, a, b]
    return flat.reshape(n, c, hp, wp)
