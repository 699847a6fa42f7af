"""The Convolution page's picture of one step: the padded input with the sliding window, the kernel, the
products, the sum written out, and the output filling in. One pyqtgraph canvas (MapsView): each map is a
grid item in its own ViewBox (zoom, pan, hover), titles, keys and formulas are items of the same scene.
The window, thumbnails and exports render this same widget."""

from __future__ import annotations

import numpy as np

from convviz.engine import conv2d_trace
from convviz.scene.model import input_image, kernel_array
from convviz.scene.scenes import ConvScene
from convviz.timeline.conv import ConvTimeline
from convviz.timeline.window import WindowStep
from convviz.ui.registry import VIEWS
from convviz.ui.theme import DEFAULT, Theme
from convviz.ui.views.maps_view import MapsView, output_colours, symmetric

from .formulas import size_text, sum_text


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
class ConvView(MapsView):
    """Shows `timeline` at `step`; static parts are set once per timeline, the rest per step."""

    TIMELINE = ConvTimeline
    COLUMNS = (5, 3, 5)  # widths of input, kernel and products, output
    PRESENTING_COLUMNS = (1, 1, 1)  # presenting, the kernel's values matter most: room for them to be large

    def __init__(self, parent=None, *, theme: Theme = DEFAULT):
        super().__init__(("Input", "Kernel", "Products", "Output"), parent, theme=theme)
        self._input_scale = 0.0  # the largest |value| of the padded input, for the products' colours
        self.input, self.kernel, self.products, self.output = (panel.grid for panel in self._panels)
        for grid in (self.kernel, self.products):
            grid.set_labels("on")
        self.sum = self._caption(lines=2)
        self.sizes = self._caption(scale=0.8)
        self._finish()

    def _lay_out(self) -> None:
        central = self.ci
        input_panel, kernel_panel, products_panel, output_panel = self._panels
        central.addItem(input_panel, row=0, col=0)
        middle = central.addLayout(row=0, col=1)
        middle.addItem(kernel_panel, row=0, col=0)
        middle.addItem(products_panel, row=1, col=0)
        central.addItem(output_panel, row=0, col=2)
        for row, caption in enumerate((self.problem, self.sum, self.sizes), start=1):
            central.addItem(caption, row=row, col=0, colspan=3)

    def _draw_step(self, timeline: ConvTimeline, current: WindowStep) -> None:
        self.input.cells.set_window(current.window)
        self._panels[2].set_values(current.products, diverging=True, value_range=self._products_range)
        self._panels[3].set_values(
            timeline.output_until(current.index),
            diverging=self._output_diverging,
            value_range=self._output_range,
        )
        self.output.cells.set_current(current.out_cell)
        self.sum.set_text(sum_text(current))

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
        self._products_range = symmetric(scale * self._input_scale)
        self._output_diverging, self._output_range = output_colours(timeline.output)
        self.sizes.set_text("      ".join(size_text(axis) for axis in timeline.axis_sizes()))

    def _show_input(self, padded: np.ndarray, sides: tuple[int, int, int, int]) -> None:
        self.input.cells.set_padding(sides)
        self._panels[0].set_values(padded)
        self._input_scale = float(np.nanmax(np.abs(padded), initial=0.0))
        self._set_input_title(sides)

    def _show_kernel(self, kernel: np.ndarray, flip: bool) -> None:
        scale = float(np.abs(kernel).max()) if kernel.size else 0.0
        self._panels[1].set_values(kernel, diverging=True, value_range=symmetric(scale))
        self._panels[1].set_title("Kernel (flipped)" if flip else "Kernel")
