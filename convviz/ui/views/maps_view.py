"""What every page's picture of maps shares: one pyqtgraph canvas of map panels in columns with captions
below; the hover read-out, Home, presenting, theming and text sized as a share of the frame. A page's
view (ConvView, PoolView) adds its panels' content and its formulas."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QStatusTipEvent
from PySide6.QtWidgets import QApplication, QWidget

from convviz.ui.theme import DEFAULT, Theme
from convviz.ui.views.canvas_items import TextItem
from convviz.ui.views.map_panel import MapPanel
from convviz.ui.widgets.grid_painter import MIN_LABEL_PX
from convviz.ui.zoom import zoom_of

# text heights per view height, so a 3840x2160 export is the 1920x1080 one at twice the size
CAPTION_TEXT = 0.028  # formulas: about 30 px at 1080 px
TITLE_TEXT = 0.024
KEY_TEXT = 0.017
PRESENTING_TEXT = 1.5  # presenting, every text at least this much larger, for the back of a lecture hall
# formulas and colour keys, which share the width with the maps, no larger: past this a 3x3 kernel's
# sum needs a third line, and the keys leave the middle column's maps no room
WIDEST_TEXT = PRESENTING_TEXT
BADGE_ROOM = 0.045  # presenting, the top of the frame the step badge takes (presentation.overlays): a
# title of the last column can reach the right edge, under it
LEAST_SIZE = (240, 150)  # smaller, the formulas leave the maps no room: exports draw larger and scale


def output_colours(output: np.ndarray) -> tuple[bool, tuple[float, float]]:
    """(diverging?, range) for the whole output, fixed before it fills in so colours never shift."""
    lo, hi = float(np.nanmin(output, initial=np.inf)), float(np.nanmax(output, initial=-np.inf))
    if not (np.isfinite(lo) and np.isfinite(hi)):  # inf in the data, or nothing but NaN
        finite = output[np.isfinite(output)]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if lo < 0:
        return True, symmetric(max(-lo, hi))
    return False, (lo, hi) if lo < hi else (min(lo, 0.0), max(hi, 0.0) or 1.0)


def symmetric(m: float) -> tuple[float, float]:
    return (-m, m) if m > 0 else (-1.0, 1.0)


class MapsView(pg.GraphicsLayoutWidget):
    """Map panels named `panel_names`, laid out by the subclass's `_lay_out`, in columns as wide as
    COLUMNS (PRESENTING_COLUMNS when presenting); captions added with `_caption`.

    hovered(text): the cell under the pointer ("" when it leaves), also said in the window's status
    bar as a status tip, the way Qt's own widgets say what is under the pointer."""

    hovered = Signal(str)
    COLUMNS: tuple[int, ...] = (1,)
    PRESENTING_COLUMNS: tuple[int, ...] = (1,)
    TIMELINE: type  # the page's timeline class, built from a scene

    def __init__(self, panel_names: tuple[str, ...], parent=None, *, theme: Theme = DEFAULT):
        super().__init__(parent)
        self.theme = theme
        self._loaded = None  # the scene's steps, from load()
        self._timeline = None  # the steps on show: their static parts are drawn once
        self._presenting = False
        self._columns = self.COLUMNS
        self._captions: list[tuple[TextItem, float, bool]] = []  # item, size, in the error colour?
        self.setAntialiasing(False)
        self.setMinimumSize(*LEAST_SIZE)
        self._hovered_grid = None  # the map the status bar speaks of
        panels = [MapPanel(name, theme) for name in panel_names]
        for panel in panels:
            panel.grid.hovered.connect(lambda text, grid=panel.grid: self._hover(grid, text))
        self.hovered.connect(lambda text: QApplication.sendEvent(self, QStatusTipEvent(text)))
        self.problem = self._caption(lines=2, error=True)  # why there is no output, where it would be
        self.problem.setVisible(False)
        self._panels = panels

    def _caption(self, *, lines: int = 1, scale: float = 1.0, error: bool = False) -> TextItem:
        """A caption of `lines` lines at `scale` times the formulas' size."""
        caption = TextItem(lines=lines)
        self._captions.append((caption, scale, error))
        return caption

    def _finish(self) -> None:
        """The subclass's panels and captions are made: lay them out and draw them in the theme."""
        self.ci.setContentsMargins(8, 8, 8, 8)
        self._lay_out()
        self.set_theme(self.theme)

    def _lay_out(self) -> None:
        raise NotImplementedError

    def load(self, scene) -> int:
        """Prepare `scene` and return its number of steps; raises NoOutput (with the reason) if none,
        leaving what is on show as it was."""
        self._loaded = self.TIMELINE(scene)
        return self._loaded.count

    def draw(self, step: int) -> None:
        """Draw step `step` of the loaded scene: what the window, exports and thumbnails all call."""
        timeline = self._loaded
        if timeline is not self._timeline:
            self._set_timeline(timeline)
        self._draw_step(timeline, timeline.step(step))
        self.problem.setVisible(False)

    def _set_timeline(self, timeline) -> None:
        """Draw what stays the same over `timeline`'s steps; `self._timeline` is still the last one."""
        raise NotImplementedError

    def _draw_step(self, timeline, step) -> None:
        raise NotImplementedError

    def set_theme(self, theme: Theme) -> None:
        """Draw everything in `theme`: the maps recolour and redraw, so this is for a theme switch, not
        for every step."""
        self.theme = theme
        self.setBackground(theme.background)
        for panel in self._panels:
            panel.set_theme(theme)
        for caption, _, error in self._captions:
            caption.set_color(theme.error if error else theme.text)
        self._fit_text()

    def set_presenting(self, presenting: bool) -> None:
        """Presentation mode: larger titles, keys and formulas, and the columns as wide as the
        PRESENTING_COLUMNS say. Cell values follow the cells alone (no least size of their own, which hid
        the Dilated lesson's output values), and the maps only grow as the side panel goes, so every
        value shown in the window is shown presenting, no smaller. A window zoomed past that keeps its
        zoom; the two are not multiplied, which would leave the maps no room."""
        self._presenting = presenting
        self._columns = self.PRESENTING_COLUMNS if presenting else self.COLUMNS
        self._fit_columns()
        self._fit_text()

    def _set_input_title(self, sides: tuple[int, int, int, int]) -> None:
        self._panels[0].set_title("Input (padded)" if any(sides) else "Input")

    def close(self) -> bool:
        """QWidget.close: pyqtgraph's also empties the scene, deleting the maps this view still holds,
        and PySide crashes on them afterwards; the maps go with the view when it is deleted."""
        return QWidget.close(self)

    def _hover(self, grid, text: str) -> None:
        """A map's read-out; leaving a map clears it only if no other map has spoken since (pyqtgraph
        tells the map entered before the one left)."""
        if text or grid is self._hovered_grid:
            self._hovered_grid = grid if text else None
            self.hovered.emit(text)

    def home(self) -> None:
        """Every map shown whole again."""
        for panel in self._panels:
            panel.box.home()

    def keyPressEvent(self, event) -> None:
        """Home also shows every map whole; every key goes on to the page (the player's keys)."""
        if event.key() == Qt.Key.Key_Home:
            self.home()
        event.ignore()

    def changeEvent(self, event) -> None:
        """Zoomed (Ctrl +/-, which changes the inherited font): the text follows the zoom."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "_panels"):
            self._fit_text()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if hasattr(self, "_panels"):  # pyqtgraph resizes the view once before __init__ gets here
            self._fit_columns()
            self._fit_text()

    def _fit_columns(self) -> None:
        """Each column its fixed share of the width, whatever its titles and keys hold, so a change
        in one map never moves (and repaints) the others."""
        top = round(BADGE_ROOM * self.height()) if self._presenting else 8
        self.ci.setContentsMargins(8, top, 8, 8)
        layout = self.ci.layout
        left, _, right, _ = layout.getContentsMargins()
        gaps = len(self._columns) - 1
        width = self.width() - left - right - gaps * layout.horizontalSpacing() - 16
        for column, stretch in enumerate(self._columns):
            layout.setColumnFixedWidth(column, max(10.0, width * stretch / sum(self._columns)))

    def _fit_text(self) -> None:
        """Every text is a share of the view's height (of a 16:9 frame's, when narrower), so an export
        or a projector gets the same proportions at any size; times the window's zoom, so Ctrl+plus
        enlarges the picture's text as a browser's zoom does (exports and thumbnails are at 1); the
        formulas and keys only as far as the width leaves them and the maps room (WIDEST_TEXT)."""
        height, family = max(min(self.height(), self.width() * 9 / 16), 100), self.theme.font_family
        zoom = zoom_of(self)
        enlarged = max(PRESENTING_TEXT, zoom) if self._presenting else zoom

        def pixels(share: float, most: float = enlarged) -> int:
            return max(10, round(height * share * min(enlarged, most)))

        for panel in self._panels:
            panel.set_text_size(pixels(TITLE_TEXT), pixels(KEY_TEXT, WIDEST_TEXT), family)
            # past 1080 px, the least cell label grows too: a 4K frame shows the values a 1080p one does
            least = max(MIN_LABEL_PX, round(MIN_LABEL_PX * height / 1080))
            if (least, zoom) != (panel.grid.least_label_px, panel.grid.label_zoom):
                panel.grid.least_label_px, panel.grid.label_zoom = least, zoom
                panel.grid.cells.base_changed()
        for caption, scale, _ in self._captions:
            caption.set_pixel_size(pixels(CAPTION_TEXT * scale, WIDEST_TEXT), family)
