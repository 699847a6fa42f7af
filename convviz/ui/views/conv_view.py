"""The Convolution page's picture of one step: the padded input with the sliding window, the kernel, the
products, the sum written out, and the output filling in. One pyqtgraph canvas: each map is a grid item
in its own ViewBox (zoom, pan, hover), titles, keys and formulas are items of the same scene. The
window, thumbnails and exports render this same widget."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QStatusTipEvent
from PySide6.QtWidgets import QApplication, QWidget

from convviz.engine import conv2d_trace
from convviz.scene.model import input_image, kernel_array
from convviz.scene.scenes import ConvScene
from convviz.timeline.conv import ConvTimeline
from convviz.ui.registry import VIEWS
from convviz.ui.theme import DEFAULT, Theme
from convviz.ui.views.canvas_items import TextItem
from convviz.ui.views.map_panel import MapPanel
from convviz.ui.widgets.grid_painter import MIN_LABEL_PX
from convviz.ui.zoom import zoom_of

from .formulas import size_text, sum_text

# text heights per view height, so a 3840x2160 export is the 1920x1080 one at twice the size
CAPTION_TEXT = 0.028  # formulas: about 30 px at 1080 px
TITLE_TEXT = 0.024
KEY_TEXT = 0.017
PRESENTING_TEXT = 1.5  # presenting, every text at least this much larger, for the back of a lecture hall
# formulas and colour keys, which share the width with the maps, no larger: past this a 3x3 kernel's
# sum needs a third line, and the keys leave the middle column's maps no room
WIDEST_TEXT = PRESENTING_TEXT
COLUMNS = (5, 3, 5)  # widths of input, kernel and products, output
PRESENTING_COLUMNS = (1, 1, 1)  # presenting, the kernel's values matter most: room for them to be large
LEAST_SIZE = (240, 150)  # smaller, the formulas leave the maps no room: exports draw larger and scale


def _output_colours(output: np.ndarray) -> tuple[bool, tuple[float, float]]:
    """(diverging?, range) for the whole output, fixed before it fills in so colours never shift."""
    lo, hi = float(np.nanmin(output, initial=np.inf)), float(np.nanmax(output, initial=-np.inf))
    if not (np.isfinite(lo) and np.isfinite(hi)):  # inf in the data, or nothing but NaN
        finite = output[np.isfinite(output)]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    if lo < 0:
        return True, _symmetric(max(-lo, hi))
    return False, (lo, hi) if lo < hi else (min(lo, 0.0), max(hi, 0.0) or 1.0)


def _symmetric(m: float) -> tuple[float, float]:
    return (-m, m) if m > 0 else (-1.0, 1.0)


def _what_there_is(scene: ConvScene) -> tuple[np.ndarray, tuple[int, int, int, int], np.ndarray]:
    """For a scene with no output: its input (padded, when its padding can be applied) and its kernel
    as applied, so nothing of the previous scene stays on show."""
    image, kernel = input_image(scene.input, scene.size), kernel_array(scene.kernel)
    try:
        trace = conv2d_trace(
            image, np.zeros(kernel.shape, np.float32), padding=scene.padding, dilation=scene.dilation,
            padding_mode=scene.padding_mode, steps=[],
        )  # fmt: skip
        image, sides = trace.padded, trace.sides
    except ValueError:
        sides = (0, 0, 0, 0)
    return image, sides, kernel[::-1, ::-1] if scene.flip else kernel


@VIEWS.shows(ConvScene)
class ConvView(pg.GraphicsLayoutWidget):
    """Shows `timeline` at `step`; static parts are set once per timeline, the rest per step.

    hovered(text): the cell under the pointer ("" when it leaves), also said in the window's status
    bar as a status tip, the way Qt's own widgets say what is under the pointer."""

    hovered = Signal(str)

    def __init__(self, parent=None, *, theme: Theme = DEFAULT):
        super().__init__(parent)
        self._loaded: ConvTimeline | None = None  # the scene's steps, from load()
        self._timeline: ConvTimeline | None = None  # the steps on show: static parts are drawn once
        self._input_scale = 0.0  # the largest |value| of the padded input, for the products' colours
        self._presenting = False
        self._columns = COLUMNS
        self.setAntialiasing(False)
        self.setMinimumSize(*LEAST_SIZE)
        panels = [MapPanel(name, theme) for name in ("Input", "Kernel", "Products", "Output")]
        self._panels = panels
        self.input, self.kernel, self.products, self.output = (panel.grid for panel in panels)
        for grid in (self.kernel, self.products):
            grid.set_labels("on")
        self._hovered_grid = None  # the map the status bar speaks of
        for panel in panels:
            panel.grid.hovered.connect(lambda text, grid=panel.grid: self._hover(grid, text))
        self.hovered.connect(lambda text: QApplication.sendEvent(self, QStatusTipEvent(text)))
        self.problem = TextItem(lines=2)
        self.sum = TextItem(lines=2)
        self.sizes = TextItem()
        self.problem.setVisible(False)
        self._lay_out()
        self.set_theme(theme)

    def _lay_out(self) -> None:
        central = self.ci
        central.setContentsMargins(8, 8, 8, 8)
        input_panel, kernel_panel, products_panel, output_panel = self._panels
        central.addItem(input_panel, row=0, col=0)
        middle = central.addLayout(row=0, col=1)
        middle.addItem(kernel_panel, row=0, col=0)
        middle.addItem(products_panel, row=1, col=0)
        central.addItem(output_panel, row=0, col=2)
        for row, caption in enumerate((self.problem, self.sum, self.sizes), start=1):
            central.addItem(caption, row=row, col=0, colspan=3)

    def set_theme(self, theme: Theme) -> None:
        """Draw everything in `theme`: the maps recolour and redraw, so this is for a theme switch, not
        for every step."""
        self.theme = theme
        self.setBackground(theme.background)
        for panel in self._panels:
            panel.set_theme(theme)
        for caption, color in ((self.sum, theme.text), (self.sizes, theme.text), (self.problem, theme.error)):
            caption.set_color(color)
        self._fit_text()

    def set_presenting(self, presenting: bool) -> None:
        """Presentation mode: larger titles, keys and formulas, and the kernel's column as wide as the
        others. Cell values follow the cells alone (no least size of their own, which hid the Dilated
        lesson's output values), and the maps only grow as the side panel goes, so every value shown
        in the window is shown presenting, no smaller. A window zoomed past that keeps its zoom; the two
        are not multiplied, which would leave the maps no room."""
        self._presenting = presenting
        self._columns = PRESENTING_COLUMNS if presenting else COLUMNS
        self._fit_columns()
        self._fit_text()

    def load(self, scene: ConvScene) -> int:
        """Prepare `scene` and return its number of steps; raises NoOutput (with the reason) if none."""
        self._loaded = ConvTimeline(scene)
        return self._loaded.count

    def draw(self, step: int) -> None:
        """Draw step `step` of the loaded scene: what the window, exports and thumbnails all call."""
        timeline = self._loaded
        if timeline is not self._timeline:
            self._set_timeline(timeline)
        current = timeline.step(step)
        self.input.cells.set_window(current.window)
        self._panels[2].set_values(current.products, diverging=True, value_range=self._products_range)
        self._panels[3].set_values(
            timeline.output_until(current.index),
            diverging=self._output_diverging,
            value_range=self._output_range,
        )
        self.output.cells.set_current(current.out_cell)
        self.sum.set_text(sum_text(current))
        self.problem.setVisible(False)

    def show_problem(self, scene: ConvScene, message: str) -> None:
        """A scene with no output: its input and kernel as they are, and why there is no output where
        the output would be; nothing of the previous scene stays."""
        self._timeline = self._loaded = None
        padded, sides, kernel = _what_there_is(scene)
        self._show_input(padded, sides)
        self._show_kernel(kernel, scene.flip)
        self.problem.set_text(message)
        self.problem.setVisible(True)
        for panel in self._panels[2:]:
            panel.set_values(np.full((1, 1), np.nan))
        self.output.cells.set_current(None)
        self.input.cells.set_window(None)
        self.sum.set_text("")
        self.sizes.set_text("")

    def _set_timeline(self, timeline: ConvTimeline) -> None:
        previous, self._timeline = self._timeline, timeline
        if previous is None or not (
            previous.padded is timeline.padded or np.array_equal(previous.padded, timeline.padded)
        ):
            self._show_input(timeline.padded, timeline.sides)  # a kernel edit leaves the input as it was
        self.input.cells.set_padding(timeline.sides)
        self._set_input_title(timeline.sides)
        if previous is None or not np.array_equal(previous.kernel, timeline.kernel):
            self._show_kernel(timeline.kernel, timeline.scene.flip)
        self._panels[1].set_title("Kernel (flipped)" if timeline.scene.flip else "Kernel")
        scale = float(np.abs(timeline.kernel).max())
        self._products_range = _symmetric(scale * self._input_scale)
        self._output_diverging, self._output_range = _output_colours(timeline.output)
        self.sizes.set_text("      ".join(size_text(axis) for axis in timeline.axis_sizes()))

    def _show_input(self, padded: np.ndarray, sides: tuple[int, int, int, int]) -> None:
        self.input.cells.set_padding(sides)
        self._panels[0].set_values(padded)
        self._input_scale = float(np.nanmax(np.abs(padded), initial=0.0))
        self._set_input_title(sides)

    def _set_input_title(self, sides: tuple[int, int, int, int]) -> None:
        self._panels[0].set_title("Input (padded)" if any(sides) else "Input")

    def _show_kernel(self, kernel: np.ndarray, flip: bool) -> None:
        scale = float(np.abs(kernel).max()) if kernel.size else 0.0
        self._panels[1].set_values(kernel, diverging=True, value_range=_symmetric(scale))
        self._panels[1].set_title("Kernel (flipped)" if flip else "Kernel")

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
        layout = self.ci.layout
        left, _, right, _ = layout.getContentsMargins()
        width = self.width() - left - right - 2 * layout.horizontalSpacing() - 16
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
        for caption, scale in ((self.sum, 1.0), (self.problem, 1.0), (self.sizes, 0.8)):
            caption.set_pixel_size(pixels(CAPTION_TEXT * scale, WIDEST_TEXT), family)
