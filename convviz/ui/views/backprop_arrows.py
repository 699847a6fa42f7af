"""Arrows from a cell of one map to cells of another, across their ViewBoxes: one path item in the
view's QGraphicsScene whose ends are worked out again whenever either box zooms, pans or resizes, so
an arrow always joins the centres of the cells it names."""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from convviz.ui.theme import Theme
from convviz.ui.views.grid_item import GridItem

HEAD_PX = 24  # the arrowhead's length, in scene pixels
LINE_PX = 6


def cell_centre(grid: GridItem, cell: tuple[int, int]) -> QPointF:
    """Where the centre of `cell` of `grid` is in the scene, as the grid's box shows it now."""
    return grid.mapToScene(QPointF(cell[1] + 0.5, cell[0] + 0.5))


def arrow_path(start: QPointF, end: QPointF) -> QPainterPath:
    """A line from `start` to `end` with a filled head at `end`."""
    path = QPainterPath(start)
    line = QLineF(start, end)
    if line.length() < 1:
        return path
    angle = math.atan2(start.y() - end.y(), start.x() - end.x())
    spread = math.radians(24)
    head = [
        QPointF(end.x() + HEAD_PX * math.cos(angle + s), end.y() + HEAD_PX * math.sin(angle + s))
        for s in (-spread, spread)
    ]
    shaft_end = QPointF((head[0].x() + head[1].x()) / 2, (head[0].y() + head[1].y()) / 2)
    path.lineTo(shaft_end)
    path.moveTo(end)
    path.lineTo(head[0])
    path.lineTo(head[1])
    path.closeSubpath()
    return path


class CellArrows(QGraphicsPathItem):
    """Arrows from one cell of `source` to each of `targets` of `target`, drawn above every map in the
    current cell's colour with a dark rim, so they read on every colour the maps take."""

    def __init__(self, source: GridItem, target: GridItem, theme: Theme):
        super().__init__()
        self.setZValue(1000)
        self._source, self._target = source, target
        self._from: tuple[int, int] | None = None
        self._to: list[tuple[int, int]] = []
        self._theme = theme
        for grid in (source, target):
            box = grid.getViewBox()
            box.sigTransformChanged.connect(self._follow)
            box.sigResized.connect(self._follow)
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setBrush(QColor(theme.current_outline))
        self._follow()

    def join(self, source_cell: tuple[int, int] | None, target_cells: list[tuple[int, int]]) -> None:
        """Arrows from `source_cell` to every one of `target_cells`; None: no arrows."""
        self._from = None if source_cell is None else (int(source_cell[0]), int(source_cell[1]))
        self._to = [(int(i), int(j)) for i, j in target_cells] if self._from is not None else []
        self._follow()

    def ends(self) -> list[tuple[QPointF, QPointF]]:
        """Each arrow's start and end, in scene coordinates: the centres of the cells it joins."""
        if self._from is None:
            return []
        start = cell_centre(self._source, self._from)
        return [(start, cell_centre(self._target, cell)) for cell in self._to]

    def _follow(self, *_) -> None:
        """Draw the arrows where the cells are now; as one filled outline (the shaft stroked), so the
        rim and the fill are a single path item."""
        path = QPainterPath()
        for start, end in self.ends():
            path.addPath(arrow_path(start, end))
        stroker = QPainterPathStroker()
        stroker.setWidth(LINE_PX)
        stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
        shape = stroker.createStroke(path).united(path)
        self.setPath(shape)
        rim = QPen(QColor(self._theme.text), 1.5)
        self.setPen(rim if self._to else QPen(Qt.PenStyle.NoPen))
