"""The Convolution page's picture of one step: the padded input with the sliding window, the kernel, the
products, the sum written out, and the output filling in. Exports render this same widget offscreen."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from convviz.scene.scenes import ConvScene
from convviz.timeline.conv import ConvTimeline
from convviz.ui.theme import DEFAULT, Theme
from convviz.ui.widgets.caption import Caption
from convviz.ui.widgets.grid_view import GridView

from .formulas import size_text, sum_text

CAPTION_TEXT = 0.028  # formula text height per view height: about 30 px on a 1080p projector
PRESENTING_CAPTION_TEXT = 0.042  # presenting: about 45 px, for the back of a lecture hall
COLUMNS = (5, 3, 5)  # widths of input, kernel and products, output
PRESENTING_COLUMNS = (1, 1, 1)  # presenting, the kernel's values matter most: room for them to be large


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


class ConvView(QWidget):
    """Shows `timeline` at `step`; static parts are set once per timeline, the rest per step."""

    def __init__(self, parent: QWidget | None = None, *, theme: Theme = DEFAULT):
        super().__init__(parent)
        self._loaded: ConvTimeline | None = None  # the scene's steps, from load()
        self._timeline: ConvTimeline | None = None  # the steps on show: static parts are drawn once
        self._input_scale = 0.0  # the largest |value| of the padded input, for the products' colours
        self._caption_text = CAPTION_TEXT
        self.input = GridView(self)
        self.output = GridView(self)
        self.kernel = GridView(self)
        self.products = GridView(self)
        self._grids = (self.input, self.output, self.kernel, self.products)
        for grid, title in (
            (self.input, "Input (padded)"),
            (self.output, "Output"),
            (self.products, "Products"),
        ):
            grid.set_title(title)
        for grid in self._grids:
            grid.set_colorbar(True)  # every map has its colour key, as tall as the grid
        for grid in (self.kernel, self.products):
            grid.set_labels("on")
        self.sum = Caption(self, lines=2)
        self.sizes = Caption(self)
        self.problem = Caption(self, lines=2)
        self.problem.hide()
        self.setAutoFillBackground(True)

        middle = QVBoxLayout()
        middle.addWidget(self.kernel, 1)
        middle.addWidget(self.products, 1)
        maps = self._maps = QGridLayout()
        maps.addWidget(self.input, 0, 0)
        maps.addLayout(middle, 0, 1)
        maps.addWidget(self.output, 0, 2)
        self._set_columns(COLUMNS)
        layout = QVBoxLayout(self)
        layout.addLayout(maps, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.sum)
        layout.addWidget(self.sizes)
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        """Draw everything in `theme`: the grids recolour and redraw, so this is for a theme switch, not
        for every step."""
        self.theme = theme
        for grid in self._grids:
            grid.set_theme(theme)
        for caption, color in ((self.sum, theme.text), (self.sizes, theme.text), (self.problem, theme.error)):
            caption.set_color(color)
        self.setPalette(theme.palette())  # a palette, not a style sheet: style sheets repaint parents
        self._fit_captions()

    def set_presenting(self, presenting: bool) -> None:
        """Presentation mode: cell values only where they can be 24 px tall, and larger formulas."""
        for grid in self._grids:
            grid.set_presenting(presenting)
        self._caption_text = PRESENTING_CAPTION_TEXT if presenting else CAPTION_TEXT
        self._fit_captions()
        self._set_columns(PRESENTING_COLUMNS if presenting else COLUMNS)

    def _set_columns(self, stretches: tuple[int, int, int]) -> None:
        for column, stretch in enumerate(stretches):
            self._maps.setColumnStretch(column, stretch)

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
        self.input.set_window(current.window)
        self.products.set_values(current.products, diverging=True, value_range=self._products_range)
        self.output.set_values(
            timeline.output_until(current.index),
            diverging=self._output_diverging,
            value_range=self._output_range,
        )
        self.output.set_current(current.out_cell)
        self.sum.set_text(sum_text(current))
        self.problem.hide()

    def show_problem(self, message: str) -> None:
        """Parameters with no output: say why where the output would be, keep the rest visible."""
        self._timeline = None
        self.problem.set_text(message)
        self.problem.show()
        self.output.set_values(np.full((1, 1), np.nan))
        self.output.set_current(None)
        self.input.set_window(None)
        self.products.set_values(np.full((1, 1), np.nan))
        self.sum.set_text("")
        self.sizes.set_text("")

    def _set_timeline(self, timeline: ConvTimeline) -> None:
        previous, self._timeline = self._timeline, timeline
        if previous is None or not (
            previous.padded is timeline.padded or np.array_equal(previous.padded, timeline.padded)
        ):
            self.input.set_values(timeline.padded)  # a kernel edit leaves the input as it was
            self._input_scale = float(np.nanmax(np.abs(timeline.padded), initial=0.0))
        self.input.set_padding(timeline.sides)
        scale = float(np.abs(timeline.kernel).max())
        if previous is None or not np.array_equal(previous.kernel, timeline.kernel):
            self.kernel.set_values(timeline.kernel, diverging=True, value_range=_symmetric(scale))
        self.kernel.set_title("Kernel (flipped)" if timeline.scene.flip else "Kernel")
        self._products_range = _symmetric(scale * self._input_scale)
        self._output_diverging, self._output_range = _output_colours(timeline.output)
        self.sizes.set_text("      ".join(size_text(axis) for axis in timeline.axis_sizes()))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_captions()

    def _fit_captions(self) -> None:
        """Formula text scales with the view, so an export or a projector gets the same proportions."""
        pixels = max(13, round(self.height() * self._caption_text))
        for caption, scale in ((self.sum, 1.0), (self.problem, 1.0), (self.sizes, 0.8)):
            caption.set_pixel_size(max(12, round(pixels * scale)), self.theme.font_family)
