"""A map as a pyqtgraph item: one 2-D array whose cell (i, j) is the unit square at x = j, y = i, in a
ViewBox that zooms and pans it. The cells are painted by the same GridPainter as the side panel's
grids, in device pixels, so labels appear once cells are big enough on screen and stay one size
however far the map is zoomed."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal

from convviz.ui.numbers import format_value
from convviz.ui.theme import Theme
from convviz.ui.widgets.grid_painter import MIN_LABEL_PX, GridPainter

MARK_REACH_PX = 6  # how far past the cells an edge cell's outline and its rim reach, in device pixels


def exact_text(value: float) -> str:
    """The value as stored (float32, shortest form that reads back the same), for the hover read-out."""
    if math.isnan(value):
        return "empty"
    if math.isinf(value):
        return format_value(value)  # as the cell writes it
    return np.format_float_positional(np.float32(value), trim="-")


class GridItem(pg.GraphicsObject):
    """One map's cells; `hovered(text)` says which cell the pointer is over ("" when it leaves);
    `clicked(row, column)`, a cell a single left click landed on, once the view makes it `clickable`."""

    hovered = Signal(str)
    clicked = Signal(int, int)

    def __init__(self, theme: Theme, name: str):
        super().__init__()
        self.name = name
        self.cells = GridPainter(theme, self._changed)
        self._shape = (0, 0)
        self._hover_cell: tuple[int, int] | None = None
        self.least_label_px = MIN_LABEL_PX  # "auto" labels no smaller; the view scales it with the frame
        self.label_zoom = 1.0  # the window's zoom: labels this much larger, as far as the cells have room
        # what the read-out says of a cell beyond its value, in place of "padding, not part of the input"
        self.cell_note: Callable[[tuple[int, int]], str] | None = None
        self.clickable = False  # a click on a map that does not choose a cell goes on to its ViewBox
        self._reach: float | None = None  # how far outlines reach past the cells, in cells; None: unknown

    def _changed(self, base: bool) -> None:
        shape = self.cells.values().shape
        if shape != self._shape:
            self.prepareGeometryChange()
            self._shape = shape
        self.update()

    # ------------------------------------------------------------ the data
    def set_values(
        self, values: np.ndarray, *, diverging: bool = False, value_range: tuple[float, float] | None = None
    ) -> None:
        self.cells.set_values(values, diverging=diverging, value_range=value_range)

    def values(self) -> np.ndarray:
        return self.cells.values()

    def current(self) -> tuple[int, int] | None:
        return self.cells.current()

    def set_labels(self, mode: str) -> None:
        self.cells.set_labels(mode)

    def cell_pixels(self) -> float:
        """How many device pixels a cell is wide now; 0 before the map is on a view."""
        box = self.getViewBox()
        if isinstance(box, pg.ViewBox):
            box.updateMatrix()  # pyqtgraph defers it to the next paint; the answer is for now
        transform = self.deviceTransform_()
        return 0.0 if transform is None else math.hypot(transform.m11(), transform.m12())

    def label_px(self) -> int:
        """The pixel size cell values are drawn at now, or 0 when none are shown."""
        return self._label_px_at(self.cell_pixels())

    def _label_px_at(self, cell: float) -> int:
        return self.cells.label_px(cell, self.least_label_px, self.label_zoom)

    # ------------------------------------------------------------ geometry
    def cells_rect(self) -> QRectF:
        """The cells, one unit each: the map's own extent."""
        rows, cols = self._shape
        return QRectF(0, 0, cols, rows)

    def boundingRect(self) -> QRectF:
        """The cells and the few pixels around them that outlines of edge cells reach: what Qt repaints
        when a mark moves, so a window leaving the edge leaves no trace of its outline behind."""
        if self._reach is None:  # asked several times per paint: worked out once per zoom
            self._reach = MARK_REACH_PX * (self.pixelWidth() or 0.0)  # map units per device pixel
        reach = self._reach
        return self.cells_rect().adjusted(-reach, -reach, reach, reach)

    def viewTransformChanged(self) -> None:
        """Zoomed or resized: the outlines' reach, in cells, changed with it."""
        self.prepareGeometryChange()
        self._reach = None

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        rows, cols = self._shape
        i, j = math.floor(pos.y()), math.floor(pos.x())
        return (i, j) if 0 <= i < rows and 0 <= j < cols else None

    # ------------------------------------------------------------- painting
    def paint(self, painter, option, widget=None) -> None:
        """Painted in device pixels (the world transform undone), so the shared painter sizes labels,
        lines and the hatch from the cells as seen; only the part of the map on show is drawn."""
        rows, cols = self._shape
        if not rows or not cols:
            return
        transform = painter.worldTransform()
        grid = transform.mapRect(self.cells_rect())
        grid.moveTopLeft(QPointF(round(grid.left()), round(grid.top())))  # whole pixels: crisp lines
        visible = grid
        if painter.hasClipping():
            visible = transform.mapRect(painter.clipBoundingRect()).intersected(grid)
        cell = grid.width() / cols
        painter.save()
        painter.resetTransform()
        self.cells.paint(painter, grid, cell, visible, self._label_px_at(cell))
        painter.restore()

    # ------------------------------------------------------------ clicks
    def mouseClickEvent(self, event) -> None:
        """A single left click on a cell of a clickable map chooses it; anything else (a double click
        shows the map whole) is the ViewBox's."""
        cell = self.cell_at(event.pos())
        left = event.button() == Qt.MouseButton.LeftButton
        if self.clickable and left and not event.double() and cell is not None:
            event.accept()
            self.clicked.emit(*cell)
        else:
            event.ignore()

    # ---------------------------------------------------------------- hover
    def hoverEvent(self, event) -> None:
        cell = None if event.isExit() else self.cell_at(event.pos())
        if cell == self._hover_cell:
            return
        self._hover_cell = cell
        self.hovered.emit("" if cell is None else self.describe(cell))

    def describe(self, cell: tuple[int, int]) -> str:
        """What the status bar says of a cell: the map, row, column, the exact value, and whether it
        is padding."""
        value = float(self.cells.values()[cell])
        text = f"{self.name}: row {cell[0]}, column {cell[1]} = {exact_text(value)}"
        shown = format_value(value)
        if shown and shown != exact_text(value):
            text += f" (shown as {shown})"
        note = self.cell_note(cell) if self.cell_note else ""
        if note:
            text += f" · {note}"
        elif any(self.cells.padding()) and self.cells.is_padding(cell):
            text += " · padding, not part of the input"
        return text


class MapBox(pg.ViewBox):
    """A ViewBox for one map: aspect locked, y down (row 0 at the top), wheel zooms, drag pans,
    double-click (or the view's Home) shows the whole map again. Shown whole in a box taller than the
    map, the map sits at the top, just under its title, and the room left over goes below it."""

    MARGIN = 0.02  # of the map's size, around it when it is shown whole

    def __init__(self, item: GridItem):
        super().__init__(lockAspect=True, invertY=True, enableMenu=False, defaultPadding=self.MARGIN)
        self.setLimits(minXRange=1, minYRange=1)  # zoomed in, a cell still fits: never lost inside one
        self.item = item
        self.addItem(item)
        self._home_shape: tuple[int, int] | None = None
        self._at_home = True  # shown whole: a resize shows it whole again; a zoom or pan ends it
        self.sigRangeChangedManually.connect(self._left_home)
        self.sigResized.connect(self._resized)

    def fit(self) -> None:
        """Show the whole map, when it changed shape (a step never moves the user's zoom)."""
        shape = self.item.values().shape
        if shape != self._home_shape and all(shape):
            self._home_shape = shape
            self.home()

    def home(self) -> None:
        rows, cols = (max(n, 1) for n in self.item.values().shape)
        self.setRange(QRectF(0, 0, cols, rows), padding=self.MARGIN)
        (_, _), (y0, y1) = self.viewRange()  # the aspect lock centres the map in a taller box
        top = -self.MARGIN * rows
        if y0 < top - 1e-9:
            self.setYRange(top, top + (y1 - y0), padding=0)
        self._at_home = True
        self.updateMatrix()  # now, not at the next paint: where a cell is must be true at once

    def _left_home(self, *_) -> None:
        self._at_home = False

    def _resized(self, *_) -> None:
        if self._at_home:
            self.home()

    def mouseClickEvent(self, event) -> None:
        if event.double() and event.button() == Qt.MouseButton.LeftButton:
            self.home()
            event.accept()
        else:
            super().mouseClickEvent(event)
