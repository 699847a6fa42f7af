"""The Receptive-field view's items beside its maps: a field's bounding box on a map, the lines that join
one map's box to the next across their ViewBoxes, the table of Araujo et al. drawn as text, and the plot
of receptive-field size and jump against depth."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsPathItem, QGraphicsRectItem, QSizePolicy

from convviz.timeline.receptive_field import FieldRow
from convviz.ui.theme import Theme
from convviz.ui.views.box_links import bring_up_to_date, follow_boxes
from convviz.ui.views.grid_item import GridItem
from convviz.ui.widgets.cell_text import font

Box = tuple[int, int, int, int]  # top, left, bottom, right: inclusive cells, not clipped to the map
HEADER = ("Layer", "Item", "Map", "Size", "Jump", "Start", "Eff. pad")
LINE_SPACING = 1.25  # table rows per font pixel
GAP = 0.6  # between the table's columns, in font pixels
JOIN_OPACITY = 0.5


def box_rect(box: Box) -> QRectF:
    """The cells of `box` as a rectangle in its map's coordinates (cell (i, j) the unit square at j, i)."""
    top, left, bottom, right = box
    return QRectF(left, top, right - left + 1, bottom - top + 1)


def table_cells(row: FieldRow) -> tuple[str, ...]:
    """One table row as it is written: every number the timeline's, unrounded."""
    return (
        str(row.layer), row.item, f"{row.map[0]}x{row.map[1]}", str(row.size), str(row.jump),
        f"{row.start:g}", str(row.padding),
    )  # fmt: skip


class FieldBox(QGraphicsRectItem):
    """A field's bounding box drawn on its map, dashed, reaching into the padding past the map's edge
    when the field does."""

    def __init__(self, theme: Theme):
        super().__init__()
        self.setZValue(10)
        self.box: Box | None = None
        self.set_theme(theme)
        self.setVisible(False)

    def set_theme(self, theme: Theme) -> None:
        pen = QPen(QColor(theme.current_outline), 3, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)  # screen pixels, whatever the map's zoom
        self.setPen(pen)

    def show_box(self, box: Box | None) -> None:
        self.box = box
        if box is not None:
            self.setRect(box_rect(box))
        self.setVisible(box is not None)


class GaussianOutline(QGraphicsEllipseItem):
    """The fitted Gaussian's ±2σ ellipse on the effective-field map."""

    def __init__(self, theme: Theme):
        super().__init__()
        self.setZValue(10)
        self.set_theme(theme)
        self.setVisible(False)

    def set_theme(self, theme: Theme) -> None:
        pen = QPen(QColor(theme.highlight), 3)
        pen.setCosmetic(True)
        self.setPen(pen)

    def show_fit(self, centre: tuple[float, float] | None, sigma: tuple[float, float] | None) -> None:
        if centre is not None and sigma is not None:
            (cy, cx), (sy, sx) = centre, sigma
            self.setRect(QRectF(cx + 0.5 - 2 * sx, cy + 0.5 - 2 * sy, 4 * sx, 4 * sy))
        self.setVisible(centre is not None and sigma is not None)


class BoxJoins(QGraphicsPathItem):
    """Lines from each corner of a field's box on one map to the same corner of its box on the map
    below, across their ViewBoxes, so the eye follows the field from layer to layer."""

    def __init__(self, theme: Theme):
        super().__init__()
        self.setZValue(1000)
        self._pairs: list[tuple[GridItem, Box, GridItem, Box]] = []
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        color = QColor(theme.current_outline)
        color.setAlphaF(JOIN_OPACITY)
        pen = QPen(color, 2)
        pen.setCosmetic(True)
        self.setPen(pen)

    def follow(self, grid: GridItem) -> None:
        """Draw again when `grid`'s box moves (called once for each map that may be joined)."""
        follow_boxes((grid,), self._follow)

    def join(self, pairs: list[tuple[GridItem, Box, GridItem, Box]]) -> None:
        """(upper map, its box, lower map, its box) for each pair of maps to join."""
        self._pairs = pairs
        self._follow()

    def lines(self) -> list[QLineF]:
        """Every line, in scene coordinates: four per pair, corner to corner."""
        bring_up_to_date({id(g): g for pair in self._pairs for g in (pair[0], pair[2])}.values())
        lines = []
        for upper, upper_box, lower, lower_box in self._pairs:
            a, b = box_rect(upper_box), box_rect(lower_box)
            for corner in ("topLeft", "topRight", "bottomRight", "bottomLeft"):
                start = upper.mapToScene(getattr(a, corner)())
                lines.append(QLineF(start, lower.mapToScene(getattr(b, corner)())))
        return lines

    def _follow(self, *_) -> None:
        path = QPainterPath()
        for line in self.lines():
            path.moveTo(line.p1())
            path.lineTo(line.p2())
        self.setPath(path)


class FieldTable(pg.GraphicsWidget):
    """The per-layer table as text, one row per layer, the unit's layer marked; its font as large as
    the view's table size allows and as small as its rows and columns need to fit."""

    def __init__(self, theme: Theme):
        super().__init__()
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self._rows: list[tuple[str, ...]] = []
        self._marked: int | None = None
        self._px = 16
        self._theme = theme

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def set_pixel_size(self, pixels: int) -> None:
        self._px = pixels
        self.update()

    def show_rows(self, rows: list[tuple[str, ...]], marked: int | None) -> None:
        """`rows` of cells as written; `marked` the index of the unit's layer's row."""
        self._rows, self._marked = rows, marked
        self.update()

    def cells(self) -> list[tuple[str, ...]]:
        """What the table shows, header first."""
        return [HEADER, *self._rows]

    def font_px(self) -> int:
        """The font size the rows fit at, in this item's height and width."""
        lines = len(self._rows) + 1
        px = min(self._px, self.rect().height() / (lines * LINE_SPACING))
        total = sum(self._column_widths(max(px, 1))) + (len(HEADER) - 1) * GAP * px
        if total > self.rect().width() > 0:
            px *= self.rect().width() / total
        return max(6, int(px))

    def _column_widths(self, px: float) -> list[float]:
        """Each column as wide as its widest cell: the header in bold, the rows in the body font."""
        family, size = self._theme.font_family, round(px)
        bold, body = QFontMetricsF(font(family, size, True)), QFontMetricsF(font(family, size))
        return [
            max([bold.horizontalAdvance(name), *(body.horizontalAdvance(row[k]) for row in self._rows)])
            for k, name in enumerate(HEADER)
        ]

    def paint(self, painter, option, widget=None) -> None:
        if not self._rows:
            return
        painter.setClipRect(self.rect())  # a frame too small for every row cuts the table, not the plot
        px = self.font_px()
        widths, gap = self._column_widths(px), GAP * px
        line = px * LINE_SPACING
        marked = QColor(self._theme.current_outline)
        marked.setAlphaF(0.25)
        for index, row in enumerate(self.cells()):
            top = index * line
            if self._marked is not None and index == self._marked + 1:
                painter.fillRect(QRectF(0, top, sum(widths) + gap * (len(widths) - 1), line), marked)
            painter.setFont(font(self._theme.font_family, px, index == 0))
            painter.setPen(QColor(self._theme.text))
            x = 0.0
            for text, width in zip(row, widths):
                flags = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                painter.drawText(QRectF(x, top, width, line), flags, text)
                x += width + gap


class FieldPlot(pg.GraphicsLayout):
    """Receptive-field size and jump against depth (0 the input, where one pixel sees itself), the
    unit's layer marked by a vertical line: a ViewBox between two axes, as a PlotItem lays them out but
    without its menus and option widgets, which PySide deletes twice when a view goes without close()
    (start-page thumbnails do)."""

    def __init__(self, theme: Theme):
        super().__init__()
        self.vb = pg.ViewBox(enableMenu=False)
        self.vb.setMouseEnabled(x=False, y=False)
        self.axes = {name: pg.AxisItem(name, linkView=self.vb) for name in ("left", "bottom")}
        self.addItem(self.axes["left"], row=0, col=0)
        self.addItem(self.vb, row=0, col=1)
        self.addItem(self.axes["bottom"], row=1, col=1)
        self.axes["bottom"].setLabel("layer (depth)")
        self.axes["left"].setLabel("input pixels")
        self.size_curve = pg.PlotDataItem(symbol="o")
        self.jump_curve = pg.PlotDataItem(symbol="s")
        self.marker = pg.InfiniteLine(angle=90, movable=False)
        for item in (self.size_curve, self.jump_curve, self.marker):
            self.vb.addItem(item)
        self.legend = pg.LegendItem(offset=(10, 10))
        self.legend.setParentItem(self.vb)
        self.legend.addItem(self.size_curve, "field size")
        self.legend.addItem(self.jump_curve, "jump")
        self._px = 14
        self._rows: tuple[FieldRow, ...] | None = None
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        colours = (theme.current_outline, theme.window_outline)
        for curve, colour in zip((self.size_curve, self.jump_curve), colours):
            curve.setPen(pg.mkPen(colour, width=3))
            curve.setSymbolBrush(colour)
            curve.setSymbolPen(pg.mkPen(theme.text))
        self.marker.setPen(pg.mkPen(theme.highlight, width=2, style=Qt.PenStyle.DashLine))
        self.set_pixel_size(self._px)

    def set_pixel_size(self, pixels: int) -> None:
        self._px = pixels
        chosen = font(self._theme.font_family, pixels)
        for axis in self.axes.values():
            axis.setStyle(tickFont=chosen)
            axis.setPen(pg.mkPen(self._theme.text))
            axis.setTextPen(pg.mkPen(self._theme.text))
            axis.setGrid(64)  # faint lines across the plot at the ticks
            axis.label.setFont(chosen)
        for _, label in self.legend.items:
            label.setText(label.text, size=f"{pixels}px", color=self._theme.text)
        for curve in (self.size_curve, self.jump_curve):
            curve.setSymbolSize(max(6, pixels * 0.6))

    def show_table(self, rows: tuple[FieldRow, ...], unit_layer: int) -> None:
        """The curves of `rows` (drawn again only when they changed: a click moves just the marker)."""
        if rows != self._rows:
            self._rows = rows
            depth = np.arange(len(rows) + 1)
            self.size_curve.setData(depth, [1, *(row.size for row in rows)])
            self.jump_curve.setData(depth, [1, *(row.jump for row in rows)])
            self.axes["bottom"].setTickSpacing(max(1, round(len(rows) / 6)), 1)  # whole layers
            self.vb.enableAutoRange()
        self.marker.setValue(unit_layer)
