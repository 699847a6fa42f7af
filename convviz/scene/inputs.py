"""Preset input images, drawn procedurally at any grid size so they are reproducible and licence-clean.

Digits are strokes in a unit square rendered with Pillow at 8x the target size and area-averaged down,
which gives soft, MNIST-like edges; the shapes are anti-aliased by the same supersampling."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw

_SUPERSAMPLE = 8
_STROKE = 0.095  # stroke width, as a fraction of the image width

# Each digit: polylines and ellipses in unit coordinates (x right, y down).
_Poly = list[tuple[float, float]]
_DIGITS: dict[str, tuple[list[_Poly], list[tuple[float, float, float, float]]]] = {
    "0": ([], [(0.5, 0.5, 0.2, 0.3)]),
    "1": ([[(0.4, 0.3), (0.56, 0.2), (0.56, 0.8)]], []),
    "2": (
        [[(0.3, 0.32), (0.38, 0.22), (0.52, 0.19), (0.66, 0.26), (0.68, 0.4), (0.3, 0.8), (0.72, 0.8)]],
        [],
    ),
    "3": (
        [
            [
                (0.3, 0.24),
                (0.48, 0.19),
                (0.65, 0.25),
                (0.66, 0.39),
                (0.47, 0.49),
                (0.68, 0.58),
                (0.69, 0.72),
                (0.5, 0.81),
                (0.3, 0.76),
            ]
        ],
        [],
    ),
    "4": ([[(0.62, 0.8), (0.62, 0.2), (0.28, 0.62), (0.76, 0.62)]], []),
    "5": (
        [
            [
                (0.7, 0.2),
                (0.37, 0.2),
                (0.33, 0.47),
                (0.52, 0.44),
                (0.67, 0.53),
                (0.69, 0.69),
                (0.53, 0.8),
                (0.3, 0.76),
            ]
        ],
        [],
    ),
    "6": ([[(0.66, 0.2), (0.46, 0.3), (0.34, 0.5), (0.33, 0.63)]], [(0.5, 0.64, 0.17, 0.16)]),
    "7": ([[(0.28, 0.2), (0.72, 0.2), (0.46, 0.8)]], []),
    "8": ([], [(0.5, 0.34, 0.15, 0.14), (0.5, 0.65, 0.18, 0.16)]),
    "9": ([[(0.66, 0.37), (0.64, 0.6), (0.56, 0.8)]], [(0.5, 0.37, 0.16, 0.16)]),
}


def _digit(name: str) -> Callable[[int, int], np.ndarray]:
    polylines, ellipses = _DIGITS[name]

    def draw(height: int, width: int) -> np.ndarray:
        big = (width * _SUPERSAMPLE, height * _SUPERSAMPLE)
        image = Image.new("L", big, 0)
        pen = ImageDraw.Draw(image)
        line = max(1, round(_STROKE * big[0]))
        for points in polylines:
            scaled = [(x * big[0], y * big[1]) for x, y in points]
            pen.line(scaled, fill=255, width=line, joint="curve")
            for x, y in (scaled[0], scaled[-1]):  # round caps
                pen.ellipse((x - line / 2, y - line / 2, x + line / 2, y + line / 2), fill=255)
        for cx, cy, rx, ry in ellipses:
            box = ((cx - rx) * big[0], (cy - ry) * big[1], (cx + rx) * big[0], (cy + ry) * big[1])
            pen.ellipse(box, outline=255, width=line)
        return _area_average(np.asarray(image, dtype=np.float32) / 255, height, width)

    return draw


def _area_average(big: np.ndarray, height: int, width: int) -> np.ndarray:
    return big.reshape(height, _SUPERSAMPLE, width, _SUPERSAMPLE).mean(axis=(1, 3))


def _shape(inside: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> Callable[[int, int], np.ndarray]:
    """An anti-aliased binary shape from a predicate on supersampled pixel-centre coordinates in [-1, 1]."""

    def draw(height: int, width: int) -> np.ndarray:
        ys = (np.arange(height * _SUPERSAMPLE) + 0.5) / (height * _SUPERSAMPLE) * 2 - 1
        xs = (np.arange(width * _SUPERSAMPLE) + 0.5) / (width * _SUPERSAMPLE) * 2 - 1
        mask = inside(ys[:, None], xs[None, :]).astype(np.float32)
        return _area_average(mask, height, width)

    return draw


def _checkerboard(height: int, width: int) -> np.ndarray:
    """Seven squares across the shorter side (at least 1 pixel each): a 28x28 board has 4-pixel squares."""
    square = max(1, min(height, width) // 7)
    rows, cols = np.indices((height, width)) // square
    return ((rows + cols) % 2).astype(np.float32)


def _stripes(height: int, width: int) -> np.ndarray:
    period = max(2, min(height, width) // 7)
    cols = np.arange(width) % period < period // 2
    return np.broadcast_to(cols.astype(np.float32), (height, width)).copy()


def _gradient(height: int, width: int) -> np.ndarray:
    ramp = np.linspace(0, 1, width, dtype=np.float32) if width > 1 else np.ones(1, np.float32)
    return np.broadcast_to(ramp, (height, width)).copy()


_INPUTS: dict[str, Callable[[int, int], np.ndarray]] = {
    **{f"digit{d}": _digit(d) for d in "0123456789"},
    "checkerboard": _checkerboard,
    "stripes": _stripes,
    "gradient": _gradient,
    "circle": _shape(lambda y, x: x**2 + y**2 <= 0.6**2),
    "square": _shape(lambda y, x: (np.abs(x) <= 0.5) & (np.abs(y) <= 0.5)),
    "cross": _shape(
        lambda y, x: ((np.abs(x) <= 0.18) & (np.abs(y) <= 0.7)) | ((np.abs(y) <= 0.18) & (np.abs(x) <= 0.7))
    ),
}

INPUT_PRESETS: tuple[str, ...] = tuple(_INPUTS)


def input_preset(name: str, size: tuple[int, int]) -> np.ndarray:
    """The named input drawn on a (height, width) grid, float32 in [0, 1]."""
    try:
        draw = _INPUTS[name]
    except KeyError:
        raise ValueError(f"unknown input preset {name!r}; known: {', '.join(INPUT_PRESETS)}") from None
    return np.clip(draw(*size), 0, 1).astype(np.float32)
