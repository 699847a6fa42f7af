"""im2col and col2im: the two data movements that turn convolution into matrix products.

Columns hold, for every output position, the input values under every kernel tap, as
(B, groups, C/groups * kH * kW, L). With stride 1 they use the "wide" layout: the batch's padded images
are stacked into one tall image (B = 1) and output positions are numbered with the padded row pitch, so
each kernel tap is one contiguous 1-D shift of the flattened input. That makes the copy in and the
scatter-add back out several times faster than 2-D strided slices, and turns the batch into one large
matrix product. The few positions that straddle a row or image boundary are computed and dropped
(forward) or carry zero gradient (backward). Other strides use one strided window view per image."""

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

    def matrices(self, batch: int) -> tuple[int, int]:
        """(stacked matrices, columns in each): one tall matrix in the wide layout, one per image else."""
        return (1, self.length(batch)) if self.wide else (batch, self.length(1))

    def length(self, batch: int) -> int:
        """Columns per matrix: Ho*Wo per image, or in the wide layout every pitch position from the first
        output of the first image to the last output of the last one."""
        (oh, ow), (hp, wp) = self.out, self.padded
        return ((batch - 1) * hp + oh - 1) * wp + ow if self.wide else oh * ow


def _outputs_of(flat: np.ndarray, batch: int, geo: Geometry) -> np.ndarray:
    """The (batch, C, Ho, Wo) view of the real output positions in wide (C, L) rows."""
    item, (hp, wp) = flat.strides[-1], geo.padded
    return as_strided(
        flat,
        shape=(batch, flat.shape[0], *geo.out),
        strides=(hp * wp * item, flat.strides[0], wp * item, item),
    )


BLOCK_BYTES = 1 << 20  # one block of columns: small enough to stay in a core's L2 cache while used


def _tall(xpad: np.ndarray) -> np.ndarray:
    """The batch's padded images stacked into one tall image per channel, flattened: (C, N * Hp * Wp)."""
    n, c, hp, wp = xpad.shape
    return np.ascontiguousarray(xpad.transpose(1, 0, 2, 3)).reshape(c, n * hp * wp)


def column_blocks(xpad: np.ndarray, geo: Geometry):
    """im2col, a block of output positions at a time: yields (block, columns) with columns shaped
    (B, groups, C/groups * kH * kW, n). In the wide layout each block is copied just before it is used
    and stays in cache for the matrix products and the scatter-add that follow, instead of a matrix of
    9x the input's size making a round trip through memory."""
    n, c, _, wp = xpad.shape
    (dh, dw), (sh, sw) = geo.dilation, geo.stride
    if not geo.wide:
        s_n, s_c, s_h, s_w = xpad.strides
        shape, strides = (n, c, *geo.kernel, *geo.out), (s_n, s_c, dh * s_h, dw * s_w, sh * s_h, sw * s_w)
        windows = as_strided(xpad, shape=shape, strides=strides, writeable=False)
        yield slice(None), windows.reshape(n, geo.groups, -1, geo.length(1))
        return
    tall = _tall(xpad)
    s_c, item = tall.strides
    length = geo.length(n)
    shape, strides = (c, *geo.kernel, length), (s_c, dh * wp * item, dw * item, item)
    windows = as_strided(tall, shape=shape, strides=strides, writeable=False)
    rows = c * geo.kernel[0] * geo.kernel[1]
    step = max(256, BLOCK_BYTES // (rows * item))
    for first in range(0, length, step):
        block = slice(first, min(first + step, length))
        yield block, windows[..., block].reshape(1, geo.groups, rows // geo.groups, -1)


def width_columns(xpad: np.ndarray, geo: Geometry):
    """im2col along the width only, for a depthwise stride-1 convolution: yields (block, columns) with
    columns shaped (C, kW, n + reach), the kW tap shifts of each channel's wide row. One product with
    the (kH, kW) kernel gives every kernel row's partial sums, and kernel row a's partial sums for
    position p are its row-0 partial sums for p + a * dh * Wp, so the kH rows need no copies of their
    own: `reach` = (kH - 1) * dh * Wp more positions per block cover them.

    Every block is copied into the same buffer, so use it before asking for the next: a fresh array
    per block would page-fault its way into memory, and blocks this size stay in cache."""
    n, c, _, wp = xpad.shape
    (kh, kw), (dh, dw) = geo.kernel, geo.dilation
    tall = _tall(xpad)
    s_c, item = tall.strides
    length, reach = geo.length(n), (kh - 1) * dh * wp
    windows = as_strided(tall, shape=(c, kw, length + reach), strides=(s_c, dw * item, item), writeable=False)
    per_position = c * (kh + kw) * item  # these columns and the caller's kernel-row sums
    step = min(length, max(256, BLOCK_BYTES // per_position - reach))
    buffer = np.empty((c, kw, step + reach), dtype=xpad.dtype)
    for first in range(0, length, step):
        block = slice(first, min(first + step, length))
        columns = buffer[..., : block.stop - first + reach]
        np.copyto(columns, windows[..., first : block.stop + reach])
        yield block, columns


def output(products: np.ndarray, geo: Geometry, batch: int) -> np.ndarray:
    """Matrix-product results, (B, groups, C_out/groups, L), as a (batch, C_out, Ho, Wo) image."""
    if not geo.wide:
        return products.reshape(batch, -1, *geo.out)
    flat = products.reshape(-1, geo.length(batch))
    return np.ascontiguousarray(_outputs_of(flat, batch, geo))


def spread(image: np.ndarray, geo: Geometry) -> np.ndarray:
    """The adjoint of `output`: a (batch, C, Ho, Wo) image as (B, groups, C/groups, L) columns, the
    positions between outputs filled with zeros so that they contribute nothing."""
    n, c = image.shape[:2]
    if not geo.wide:
        return image.reshape(n, geo.groups, -1, geo.length(1))
    flat = np.zeros((c, geo.length(n)), dtype=image.dtype)
    _outputs_of(flat, n, geo)[...] = image
    return flat.reshape(1, geo.groups, -1, geo.length(n))


class Canvas:
    """col2im target: columns are scatter-added into it block by block, one add per kernel tap."""

    def __init__(self, geo: Geometry, batch: int, channels: int, dtype):
        self.geo, self.batch = geo, batch
        hp, wp = geo.padded
        shape = (channels, batch * hp * wp) if geo.wide else (batch, channels, hp, wp)
        self.pixels = np.zeros(shape, dtype=dtype)

    def add(self, block: slice, cols: np.ndarray) -> None:
        """Scatter-add (B, groups, C/groups * kH * kW, n) columns of `block` of output positions."""
        geo = self.geo
        if not geo.wide:
            tiles = cols.reshape(self.batch, -1, *geo.kernel, *geo.out)
            for a, b, rows, cols_ in geo.taps:
                self.pixels[:, :, rows, cols_] += tiles[:, :, a, b]
            return
        (dh, dw), wp = geo.dilation, geo.padded[1]
        taps = cols.reshape(self.pixels.shape[0], *geo.kernel, -1)
        for a, b, _, _ in geo.taps:
            start = block.start + a * dh * wp + b * dw
            self.pixels[:, start : start + taps.shape[-1]] += taps[:, a, b]

    def image(self) -> np.ndarray:
        """The (batch, C, Hp, Wp) image; in the wide layout a view, so cropping it costs no extra copy."""
        if not self.geo.wide:
            return self.pixels
        hp, wp = self.geo.padded
        return self.pixels.reshape(-1, self.batch, hp, wp).transpose(1, 0, 2, 3)
