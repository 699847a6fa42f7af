"""Arrows from a cell of one map to cells of another, across their ViewBoxes: one path item in the
view's QGraphicsScene whose ends are worked out again whenever either box zooms, pans or resizes, so
an arrow always joins the centres of the cells it names."""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from convviz.ui.theme import Theme
from convviz.ui.views.box_links import bring_up_to_date, follow_boxes
from convviz.ui.views.grid_item import GridItem

BEND = 0.12  # arrows to a window's upper cells arc up, to its lower ones down, by this much of their length
HEAD_PX = 24  # the arrowhead's length in scene pixels, in a 1080 px high frame (they scale with it)
LINE_PX = 6
ARROW_OPACITY = 0.6  # the values an arrow passes over stay legible through it


EDGE = 0.4  # an arrow leaves and reaches a cell this far from its centre (in cells): its value stays legible


def cell_centre(grid: GridItem, cell: tuple[int, int]) -> QPointF:
    """Where the centre of `cell` of `grid` is in the scene, as the grid's box shows it now."""
    return grid.mapToScene(QPointF(cell[1] + 0.5, cell[0] + 0.5))


def near_edge(grid: GridItem, cell: tuple[int, int], toward: QPointF) -> QPointF:
    """The point of `cell` EDGE cells from its centre in the direction of the scene point `toward`:
    still inside the cell, clear of the value written in its middle."""
    centre = QPointF(cell[1] + 0.5, cell[0] + 0.5)
    away = grid.mapFromScene(toward) - centre
    length = math.hypot(away.x(), away.y())
    if length < 1e-9:
        return grid.mapToScene(centre)
    return grid.mapToScene(centre + away * (EDGE / length))


def arrow_path(start: QPointF, bend: QPointF, end: QPointF, scale: float = 1.0) -> QPainterPath:
    """A shaft curving from `start` towards `bend`, LINE_PX wide, and a filled head HEAD_PX long at
    `end`, both times `scale`: one outline to fill."""
    if QLineF(start, end).length() < 1:
        return QPainterPath()
    angle = math.atan2(bend.y() - end.y(), bend.x() - end.x())
    spread, head_px = math.radians(24), HEAD_PX * scale
    head = [
        QPointF(end.x() + head_px * math.cos(angle + s), end.y() + head_px * math.sin(angle + s))
        for s in (-spread, spread)
    ]
    shaft = QPainterPath(start)
    shaft.quadTo(bend, (head[0] + head[1]) / 2)
    stroker = QPainterPathStroker()
    stroker.setWidth(LINE_PX * scale)
    stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
    tip = QPainterPath(end)
    tip.lineTo(head[0])
    tip.lineTo(head[1])
    tip.closeSubpath()
    return stroker.createStroke(shaft).united(tip)


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
        self._scale = 1.0
        follow_boxes((source, target), self._follow)
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.setPen(QPen(Qt.PenStyle.NoPen))
        fill = QColor(theme.current_outline)
        fill.setAlphaF(ARROW_OPACITY)
        self.setBrush(fill)
        self._follow()

    def set_scale(self, scale: float) -> None:
        """Arrows `scale` times their size in a 1080 px frame: the view's text grows, and so do they."""
        if scale != self._scale:
            self._scale = scale
            self._follow()

    def join(self, source_cell: tuple[int, int] | None, target_cells: list[tuple[int, int]]) -> None:
        """Arrows from `source_cell` to every one of `target_cells`; None: no arrows."""
        self._from = None if source_cell is None else (int(source_cell[0]), int(source_cell[1]))
        self._to = [(int(i), int(j)) for i, j in target_cells] if self._from is not None else []
        self._follow()

    def ends(self) -> list[tuple[QPointF, QPointF]]:
        """Each arrow's start and end, in scene coordinates: inside the cells it joins, near their
        edges facing the arrow."""
        return [(start, end) for start, _, end in self._curves()]

    def _curves(self) -> list[tuple[QPointF, QPointF, QPointF]]:
        """(start, bend, end) of each arrow. Arcing away from the targets' middle row, arrows to a
        window's far cells pass round its near ones rather than over their values."""
        if self._from is None:
            return []
        bring_up_to_date((self._source, self._target))
        centre = cell_centre(self._source, self._from)
        middle = sum(i for i, _ in self._to) / len(self._to)
        curves = []
        for cell in self._to:
            target = cell_centre(self._target, cell)
            side = (cell[0] > middle) - (cell[0] < middle)
            length = QLineF(centre, target).length()
            bend = (centre + target) / 2 + QPointF(0, side * BEND * length)
            start, end = near_edge(self._source, self._from, bend), near_edge(self._target, cell, bend)
            curves.append((start, bend, end))
        return curves

    def _follow(self, *_) -> None:
        """Draw the arrows where the cells are now, as one filled outline: the rim goes round them all
        and the fill is a single path item."""
        path = QPainterPath()
        for start, bend, end in self._curves():
            path = path.united(arrow_path(start, bend, end, self._scale))
        self.setPath(path)
        edge = QColor(self._theme.text)
        edge.setAlphaF(ARROW_OPACITY)
        rim = QPen(edge, 1.5 * self._scale)
        self.setPen(rim if self._to else QPen(Qt.PenStyle.NoPen))
