"""Text and colour keys as items of a view's one QGraphicsScene, sized by the view (so text scales with
the frame) and drawn as text (so a vector export keeps it text)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QSizePolicy

from convviz.ui.theme import Theme
from convviz.ui.views.grid_item import GridItem, MapBox
from convviz.ui.widgets.cell_text import font
from convviz.ui.widgets.color_key import colorbar_text_width, colorbar_ticks, paint_colorbar
from convviz.ui.widgets.shown_text import ShownText


class TextItem(ShownText, pg.GraphicsWidget):
    """A line or a few wrapped lines of text, as tall as its lines; hidden, it takes no room."""

    def __init__(self, *, lines: int = 1, bold: bool = False, centred: bool = False):
        super().__init__()
        self._shown = True  # its own visibility: hidden with its map, it keeps its height for when it is back
        self._lines = lines
        self._bold = bold
        self._align = Qt.AlignmentFlag.AlignHCenter if centred else Qt.AlignmentFlag.AlignLeft
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.set_pixel_size(12, "DejaVu Sans")

    def set_pixel_size(self, pixels: int, family: str) -> None:
        chosen = font(family, pixels, self._bold)
        if chosen != self.font():
            self.setFont(chosen)
            self._fit_height()

    def setVisible(self, visible: bool) -> None:
        self._shown = visible
        super().setVisible(visible)
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as its lines, 0 when it is hidden itself (not when a hidden map hides it with it)."""
        height = round(QFontMetricsF(self.font()).lineSpacing() * self._lines) + 4 if self._shown else 0
        self.setMinimumHeight(height)
        self.setMaximumHeight(height)
        self.updateGeometry()

    def paint(self, painter, option, widget=None) -> None:
        if not self._text:
            return
        painter.setFont(self.font())
        painter.setPen(self._color)
        flags = self._align | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(self.rect().adjusted(2, 0, -2, 0), flags, self._text)


class ColorKeyItem(pg.GraphicsWidget):
    """A map's colour key, beside its ViewBox and as tall as the part of the map on show."""

    def __init__(self, box: MapBox, theme: Theme):
        super().__init__()
        self._grid: GridItem = box.item
        self._box = box
        self._theme = theme
        self._px = 12
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        box.sigTransformChanged.connect(lambda _box: self.update())  # the bar follows zoom and pan
        box.sigResized.connect(lambda _box: self.update())

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def set_pixel_size(self, pixels: int) -> None:
        self._px = pixels
        self.refit()

    def refit(self) -> None:
        """As wide as its bar and its widest tick label, for the map's present range."""
        cells = self._grid.cells
        ticks = colorbar_ticks(*cells.value_range(), cells.is_diverging())
        width = 1.9 * self._px + colorbar_text_width(ticks, font(self._theme.font_family, self._px))
        if abs(width - self.preferredWidth()) > 0.5:
            self.setFixedWidth(width)
            self._redraw_views_once_laid_out()
        self.update()

    def _redraw_views_once_laid_out(self) -> None:
        """A key of a new width moves what is beside it when the layout next runs, and Qt can leave
        behind pixels painted in between (a label's tail, seen after presenting): the views redraw whole
        then. Only on a new range's new width, so never while a step plays."""
        scene = self.scene()
        for view in scene.views() if scene is not None else ():
            viewport = view.viewport()
            QTimer.singleShot(0, viewport, viewport.update)  # not at all if the view is gone by then

    def bar(self) -> QRectF:
        """The bar: beside the map, over the rows of it that are on show."""
        rows, cols = self._grid.values().shape
        shown = self.mapRectFromItem(self._grid, QRectF(0, 0, cols, rows))
        shown = shown.intersected(self.mapRectFromItem(self._box, self._box.rect()))
        return QRectF(0.2 * self._px, shown.top(), 0.9 * self._px, shown.height())

    def paint(self, painter, option, widget=None) -> None:
        cells = self._grid.cells
        bar = self.bar()
        if not cells.values().size or bar.height() <= 0:
            return
        painter.setFont(font(self._theme.font_family, self._px))
        paint_colorbar(painter, bar, self._theme, *cells.value_range(), cells.is_diverging())
