"""A 2-D array drawn as coloured cells in a widget: the side panel's drawing canvas and kernel editor.

The cells are painted by GridPainter (as in the views' grid items); this widget adds what a grid on its
own needs around them: square cells centred in the widget, a title, row and column ticks, a colour key,
and hover. Every size derives from the widget's rect, so an offscreen render at any size looks alike.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPainter
from PySide6.QtWidgets import QWidget

from convviz.ui.numbers import format_value
from convviz.ui.theme import DEFAULT, Theme
from convviz.ui.widgets.cell_text import font
from convviz.ui.widgets.color_key import colorbar_text_width, colorbar_ticks, paint_colorbar
from convviz.ui.widgets.grid_painter import GridPainter


class _Layout(NamedTuple):
    grid: QRectF  # the cells
    cell: float  # pixels per cell side
    title_px: int  # 0 without a title
    tick_px: int  # 0 without ticks
    bar: QRectF | None  # the built-in colour key, if shown


class GridView(QWidget):
    """One 2-D float array as square coloured cells, centred, with optional labels and overlays.

    NaN cells are empty (panel colour, no label)."""

    cell_hovered = Signal(int, int, float)  # (-1, -1, nan) when the pointer leaves the grid

    def __init__(self, parent: QWidget | None = None, *, theme: Theme = DEFAULT):
        super().__init__(parent)
        self.cells = GridPainter(theme, lambda base: self.update())
        self._title = ""
        self._ticks = False
        self._colorbar = False
        self._layout_key: tuple | None = None
        self._layout_cache: _Layout | None = None
        self._hovered: tuple[int, int] | None = None
        self.setMouseTracking(True)
        # paintEvent covers every pixel, so Qt need not repaint the parents behind an animation step
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(40, 40)

    # ----------------------------------------------------------------- data
    def set_values(
        self, values: np.ndarray, *, diverging: bool = False, value_range: tuple[float, float] | None = None
    ) -> None:
        self.cells.set_values(values, diverging=diverging, value_range=value_range)

    @property
    def _values(self) -> np.ndarray:
        """The values on show, for the subclasses that edit them (canvas, kernel editor)."""
        return self.cells.values()

    def values(self) -> np.ndarray:
        return self.cells.values()

    def value_range(self) -> tuple[float, float]:
        return self.cells.value_range()

    def is_diverging(self) -> bool:
        return self.cells.is_diverging()

    def theme(self) -> Theme:
        return self.cells.theme()

    def set_theme(self, theme: Theme) -> None:
        self.cells.set_theme(theme)

    def set_padding(self, sides: tuple[int, int, int, int]) -> None:
        self.cells.set_padding(sides)

    def set_window(self, cells: np.ndarray | None) -> None:
        self.cells.set_window(cells)

    def set_current(self, cell: tuple[int, int] | None) -> None:
        self.cells.set_current(cell)

    def current(self) -> tuple[int, int] | None:
        return self.cells.current()

    def set_labels(self, mode: str) -> None:
        self.cells.set_labels(mode)

    def set_title(self, title: str) -> None:
        if title != self._title:
            self._title = title
            self.update()

    def set_ticks(self, shown: bool) -> None:
        """Row and column indices along the top and left edges."""
        self._ticks = bool(shown)
        self.update()

    def set_colorbar(self, shown: bool) -> None:
        """A colour key to the right of the grid, as tall as the grid."""
        self._colorbar = bool(shown)
        self.update()

    def label_px(self) -> int:
        """The pixel size cell values are drawn at now, or 0 when none are shown."""
        return self.cells.label_px(self._layout().cell)

    # ------------------------------------------------------------- geometry
    def _tick_px(self, cell: float) -> int:
        return max(7, min(16, round(0.3 * cell)))

    def _key_px(self) -> int:
        """Colour-key labels follow the widget, not the cells: a key beside 512 tiny cells must still
        read."""
        return max(11, min(20, round(0.03 * min(self.width(), self.height()))))

    def _tick_every(self, cell: float) -> int:
        """The smallest of 1, 2, 5, 10, 20, 50, ... that keeps tick labels apart."""
        need = 2.4 * self._tick_px(cell) / max(cell, 1e-9)
        step = 1
        while step < need:
            step = step * 5 // 2 if str(step).startswith("2") else step * 2
        return step

    def _layout(self) -> _Layout:
        """Where everything goes, from the widget's size alone: square cells as large as fit, the grid
        centred below the title, tick gutters left and above, the colour key to the right."""
        values = self.cells.values()
        key = (self.width(), self.height(), values.shape, self._title, self._ticks, self._colorbar)
        key += (self.theme().font_family,)
        key += (self.value_range(), self.is_diverging()) if self._colorbar else ()
        if key != self._layout_key:
            self._layout_key, self._layout_cache = key, self._compute_layout(values.shape)
        return self._layout_cache

    def _compute_layout(self, shape: tuple[int, int]) -> _Layout:
        rows, cols = shape
        w, h = float(self.width()), float(self.height())
        margin = max(2.0, 0.02 * min(w, h))
        family = self.theme().font_family
        title_px = 0
        if self._title:  # one size for every grid of the same height; shrunk only if too wide
            title_px = max(10, min(26, round(0.045 * h)))
            width = QFontMetricsF(font(family, title_px, bold=True)).horizontalAdvance(self._title)
            title_px = max(8, min(title_px, int(title_px * (w - 2 * margin) / max(width, 1.0))))
        title = 1.6 * title_px
        left = top = right = 0.0
        cell = tick_px = 0.0
        for _ in range(2 if self._ticks or self._colorbar else 1):  # gutters depend on the cell size
            avail_w, avail_h = w - 2 * margin - left - right, h - 2 * margin - title - top
            cell = max(0.0, min(avail_w / max(cols, 1), avail_h / max(rows, 1)))
            tick_px = self._tick_px(cell)
            if self._ticks:
                top, left = 1.5 * tick_px, tick_px * (0.65 * len(str(max(rows - 1, 0))) + 0.6)
            if self._colorbar:
                ticks = colorbar_ticks(*self.value_range(), self.is_diverging())
                key_px = self._key_px()
                right = (
                    0.5 * cell
                    + self._bar_width(cell)
                    + key_px
                    + colorbar_text_width(ticks, font(family, key_px))
                )
        if cell >= 4:
            cell = math.floor(cell)  # whole pixels: crisp lines, evenly spaced labels
        x = margin + left + (w - 2 * margin - left - right - cols * cell) / 2
        y = margin + title + top + (h - 2 * margin - title - top - rows * cell) / 2
        if cell >= 4:
            x, y = round(x), round(y)
        grid = QRectF(x, y, cols * cell, rows * cell)
        bar = None
        if self._colorbar:
            bar = QRectF(grid.right() + 0.5 * cell, grid.top(), self._bar_width(cell), grid.height())
        return _Layout(grid, cell, title_px, int(tick_px) if self._ticks else 0, bar)

    def _bar_width(self, cell: float) -> float:
        return max(10.0, min(24.0, 0.5 * cell))

    def cell_rect(self, i: int, j: int) -> QRectF:
        grid, cell = self._layout()[:2]
        return QRectF(grid.x() + j * cell, grid.y() + i * cell, cell, cell)

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        i, j = self._cell_coords(pos)
        rows, cols = self.cells.values().shape
        return (i, j) if 0 <= i < rows and 0 <= j < cols else None

    def _cell_coords(self, pos: QPointF) -> tuple[int, int]:
        """Unclamped cell coordinates of a point, so strokes can run off the edge and back."""
        grid, cell = self._layout()[:2]
        if cell <= 0:
            return (-1, -1)
        return (math.floor((pos.y() - grid.y()) / cell), math.floor((pos.x() - grid.x()) / cell))

    def sizeHint(self) -> QSize:
        return QSize(320, 320)

    # ---------------------------------------------------------------- hover
    def mouseMoveEvent(self, event) -> None:
        self._hover(self.cell_at(event.position()))
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:
        self._hover(None)
        super().leaveEvent(event)

    def _hover(self, cell: tuple[int, int] | None) -> None:
        if cell == self._hovered:
            return
        self._hovered = cell
        if cell is None:
            self.setToolTip("")
            self.cell_hovered.emit(-1, -1, math.nan)
            return
        value = float(self.cells.values()[cell])
        self.setToolTip(self._tooltip(cell, value))
        self.cell_hovered.emit(cell[0], cell[1], value)

    def _tooltip(self, cell: tuple[int, int], value: float) -> str:
        return f"[{cell[0]}, {cell[1]}] = {format_value(value) or 'empty'}"

    # ------------------------------------------------------------- painting
    def paintEvent(self, event) -> None:
        """Background, title, ticks and key, then the cells (cached by the painter until they change)."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(self.theme().background))
        layout = self._layout()
        if self._title:
            self._paint_title(painter, layout)
        if not self.cells.values().size or layout.cell <= 0:
            return
        if self._ticks:
            self._paint_ticks(painter, layout.grid, layout.cell, layout.tick_px)
        if layout.bar is not None:
            painter.setFont(font(self.theme().font_family, self._key_px()))
            paint_colorbar(painter, layout.bar, self.theme(), *self.value_range(), self.is_diverging())
        self.cells.paint(painter, layout.grid, layout.cell, QRectF(self.rect()), self.label_px())

    def _paint_title(self, painter: QPainter, layout: _Layout) -> None:
        px = layout.title_px
        painter.setFont(font(self.theme().font_family, px, bold=True))
        painter.setPen(QColor(self.theme().text))
        bottom = layout.grid.top() - 1.5 * layout.tick_px - 0.2 * px
        band = QRectF(0, bottom - 1.5 * px, self.width(), 1.5 * px)
        painter.drawText(band, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, self._title)

    def _paint_ticks(self, painter: QPainter, grid: QRectF, cell: float, px: int) -> None:
        rows, cols = self.cells.values().shape
        every = self._tick_every(cell)
        painter.setFont(font(self.theme().font_family, px))
        painter.setPen(QColor(self.theme().muted_text))
        center = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom
        for j in range(0, cols, every):
            box = QRectF(grid.left() + (j + 0.5) * cell - 2 * px, grid.top() - 1.5 * px, 4 * px, 1.3 * px)
            painter.drawText(box, center, str(j))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for i in range(0, rows, every):
            box = QRectF(0, grid.top() + (i + 0.5) * cell - px, grid.left() - 0.4 * px, 2 * px)
            painter.drawText(box, right, str(i))
