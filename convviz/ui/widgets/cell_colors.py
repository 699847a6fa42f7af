"""Cell colours: a map's default colour range and its colour map as packed 32-bit words, so colouring
a 512x512 grid is one table lookup."""

from __future__ import annotations

import functools

import numpy as np
from PySide6.QtGui import QColor

from convviz.ui.theme import Theme

PADDING_WASH = 0.35  # how far padding cells' colours are blended towards the background


def default_range(values: np.ndarray, diverging: bool) -> tuple[float, float]:
    """Colour range when the caller gives none: symmetric about 0 for signed data, otherwise the finite
    min..max, widened to reach 0 when constant so a blank canvas shows the lowest colour."""
    finite = values[np.isfinite(values)]
    if diverging:
        m = float(np.abs(finite).max()) if finite.size else 0.0
        return (-m, m) if m > 0 else (-1.0, 1.0)
    if finite.size == 0:
        return (0.0, 1.0)
    lo, hi = float(finite.min()), float(finite.max())
    if lo == hi:
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    return (lo, hi) if lo < hi else (0.0, 1.0)


def pack_rgb32(rgb: np.ndarray) -> np.ndarray:
    """(..., 3) uint8 RGB to the 0xffRRGGBB words of a QImage.Format_RGB32 buffer."""
    rgb = rgb.astype(np.uint32)
    return 0xFF000000 | (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]


def unpack_rgb(rgb32: np.ndarray) -> np.ndarray:
    return np.stack([(rgb32 >> shift) & 0xFF for shift in (16, 8, 0)], axis=-1).astype(np.uint8)


@functools.cache
def packed_tables(theme: Theme, diverging: bool) -> tuple[np.ndarray, np.ndarray]:
    """The theme's colour map as 0xffRRGGBB words, plain and washed towards the background (padding)."""
    rgb = theme.colormap(diverging).astype(float)
    background = np.array(QColor(theme.background).getRgb()[:3], dtype=float)
    washed = np.rint((1 - PADDING_WASH) * rgb + PADDING_WASH * background)
    return pack_rgb32(rgb.astype(np.uint8)), pack_rgb32(washed.astype(np.uint8))
