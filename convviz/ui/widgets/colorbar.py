"""The key to a GridView's colours as a widget of its own, for layouts that place it apart from the
grid; `GridView.set_colorbar(True)` draws the same key beside the grid through the same function.

Connect `GridView.range_changed` to `ColorBar.set_range` and the key follows the data.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QWidget

from convviz.ui.theme import DEFAULT, Theme
from convviz.ui.widgets.grid_view import colorbar_text_width, colorbar_ticks, paint_colorbar


class ColorBar(QWidget):
    """A vertical colour key, high values at the top, low, middle and high values labelled."""

    def __init__(self, parent: QWidget | None = None, *, theme: Theme = DEFAULT):
        super().__init__(parent)
        self._theme = theme
        self._range = (0.0, 1.0)
        self._diverging = False
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # it fills its whole rect
        self.setMinimumSize(40, 80)

    def set_range(self, lo: float, hi: float, diverging: bool = False) -> None:
        if not lo < hi:
            raise ValueError(f"colour bar range must have lo < hi, got ({lo}, {hi})")
        self._range = (float(lo), float(hi))
        self._diverging = bool(diverging)
        self.update()

    def value_range(self) -> tuple[float, float]:
        return self._range

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def ticks(self) -> list[tuple[float, str]]:
        return colorbar_ticks(*self._range, self._diverging)

    def sizeHint(self) -> QSize:
        return QSize(72, 320)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(self._theme.background))
        w, h = self.width(), self.height()
        font = QFont(self._theme.font_family)
        font.setPixelSize(max(9, min(16, round(0.05 * h))))
        painter.setFont(font)
        px = font.pixelSize()
        text = colorbar_text_width(self.ticks(), font)
        bar_w = max(8.0, min(24.0, w - 2 - 0.5 * px - text))  # leave room for the widest label
        bar = QRectF(1, px, bar_w, max(1.0, h - 2 * px))
        paint_colorbar(painter, bar, self._theme, *self._range, self._diverging)
