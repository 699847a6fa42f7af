"""The colour key of a map: its colour map as a smooth bar, high values at the top, with tick labels."""

from __future__ import annotations

import functools

import numpy as np
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from convviz.ui.numbers import format_value
from convviz.ui.theme import Theme
from convviz.ui.widgets.cell_colors import pack_rgb32


def colorbar_ticks(lo: float, hi: float, diverging: bool) -> list[tuple[float, str]]:
    """(value, text) of the high, middle and low ticks of a colour key; the middle is 0 when diverging."""
    mid = 0.0 if diverging else (lo + hi) / 2
    return [(v, format_value(v)) for v in (hi, mid, lo)]


def colorbar_text_width(ticks: list[tuple[float, str]], font: QFont) -> float:
    metrics = QFontMetricsF(font)
    return max(metrics.horizontalAdvance(text) for _, text in ticks)


@functools.lru_cache(maxsize=64)
def _key_ramp(theme: Theme, diverging: bool, width: int, height: int) -> QImage:
    """The colour key's smooth ramp at its size in device pixels, kept: scaling it smoothly at every
    draw costs about 0.2 ms, and each grid draws its key again whenever its data change."""
    lut = np.ascontiguousarray(pack_rgb32(theme.colormap(diverging)[::-1]))
    image = QImage(lut.data, 1, len(lut), 4, QImage.Format.Format_RGB32)
    mode = Qt.TransformationMode.SmoothTransformation  # a smooth ramp, unlike the cells
    return image.scaled(width, height, Qt.AspectRatioMode.IgnoreAspectRatio, mode)  # owns its pixels


def paint_colorbar(
    painter: QPainter, bar: QRectF, theme: Theme, lo: float, hi: float, diverging: bool
) -> None:
    """The colour key: the LUT as a smooth bar (high at the top) with tick labels to its right, in the
    painter's current font."""
    scale = abs(painter.worldTransform().m22()) * painter.device().devicePixelRatioF()
    size = (max(1, round(bar.width() * scale)), max(1, round(bar.height() * scale)))
    ramp = _key_ramp(theme, diverging, *size)
    painter.save()
    painter.drawImage(bar, ramp)  # already at its drawn size: no scaling
    painter.setPen(QPen(QColor(theme.muted_text), 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(bar)
    px = painter.font().pixelSize()
    for value, text in colorbar_ticks(lo, hi, diverging):
        y = bar.bottom() - (value - lo) / (hi - lo) * bar.height()
        painter.setPen(QColor(theme.muted_text))
        painter.drawLine(QLineF(bar.right(), y, bar.right() + 0.3 * px, y))
        painter.setPen(QColor(theme.text))
        box = QRectF(bar.right() + 0.5 * px, y - px, 100 * px, 2 * px)
        painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
    painter.restore()
