"""Fonts and laid-out text for cell labels, kept: the same few values recur in every step's labels."""

from __future__ import annotations

import functools

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF, QStaticText


def font(family: str, pixels: float, bold: bool = False) -> QFont:
    chosen = QFont(family)
    chosen.setPixelSize(max(1, int(pixels)))
    chosen.setBold(bold)
    return chosen


@functools.lru_cache(maxsize=4096)
def advance(family: str, text: str) -> float:
    """The width of `text` per pixel of font size; cached because the same values recur every step."""
    return QFontMetricsF(font(family, 100)).horizontalAdvance(text) / 100


@functools.lru_cache(maxsize=8192)
def static_text(text: str, family: str, pixels: int) -> QStaticText:
    """Laid-out text, kept: laying each label out once makes a repaint of 49 labels about twice as fast."""
    label = QStaticText(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.prepare(font=font(family, pixels))
    return label
