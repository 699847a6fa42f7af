"""The Pooling page's picture of one step: the input (padded with what pooling reads there) with the
window over it, the window's values, the max or the average written out, and the output filling in.
Max pooling rings the cell it takes; an average crosses out the cells it never counts."""

from __future__ import annotations

import numpy as np

from convviz.scene.model import input_image
from convviz.scene.scenes import PoolScene
from convviz.timeline.pool import PoolTimeline
from convviz.timeline.window import WindowStep
from convviz.ui.registry import VIEWS
from convviz.ui.theme import DEFAULT, Theme
from convviz.ui.views.maps_view import MapsView, output_colours

from .formulas import size_text
from .pool_formulas import pool_text, rule_text

LABELLED_WINDOW = 49  # a window of more cells (global pooling) labels them only once they are large enough


@VIEWS.shows(PoolScene)
class PoolView(MapsView):
    """Shows a pooling timeline at a step; the input and the output's colours are set once per
    timeline, the window, the output's cells and the formulas per step."""

    TIMELINE = PoolTimeline
    COLUMNS = (5, 3, 5)  # widths of input, window, output
    PRESENTING_COLUMNS = (1, 1, 1)

    def __init__(self, parent=None, *, theme: Theme = DEFAULT):
        super().__init__(("Input", "Window", "Output"), parent, theme=theme)
        self._step: WindowStep | None = None
        self.input, self.window_values, self.output = (panel.grid for panel in self._panels)
        self.input.cell_note = self._input_note
        self.window_values.cell_note = self._window_note
        self.formula = self._caption(lines=2)
        self.rule = self._caption(lines=2, scale=0.8)
        self.sizes = self._caption(scale=0.8)
        self.ceil_notes = self._caption(lines=3, scale=0.6)
        self._finish()

    def _lay_out(self) -> None:
        for column, panel in enumerate(self._panels):
            self.ci.addItem(panel, row=0, col=column)
        captions = (self.problem, self.formula, self.rule, self.sizes, self.ceil_notes)
        for row, caption in enumerate(captions, start=1):
            self.ci.addItem(caption, row=row, col=0, colspan=3)

    def _draw_step(self, timeline: PoolTimeline, current: WindowStep) -> None:
        self._step = current
        self.input.cells.set_window(current.window)
        self.input.cells.set_chosen(current.chosen)
        self._show_window(timeline, current)
        self._panels[2].set_values(
            timeline.output_until(current.index),
            diverging=self._output_diverging,
            value_range=self._output_range,
        )
        self.output.cells.set_current(current.out_cell)
        self.formula.set_text(pool_text(timeline, current))
        self.rule.set_text(rule_text(timeline, current))

    def show_problem(self, scene: PoolScene, message: str) -> None:
        """A scene with no output: its input as it is, and why there is no output where the output would
        be; nothing of the previous scene stays."""
        self._timeline = self._loaded = self._step = None
        self._show_input(input_image(scene.input, scene.size), (0, 0, 0, 0), None)
        self.input.cells.set_window(None)
        self.input.cells.set_chosen(None)
        for panel in self._panels[1:]:
            panel.set_values(np.full((1, 1), np.nan))
            panel.grid.cells.set_padding((0, 0, 0, 0))
            panel.grid.cells.set_uncounted(None)
        self.window_values.cells.set_chosen(None)
        self.output.cells.set_current(None)
        self.problem.set_text(message)
        self.problem.setVisible(True)
        for caption in (self.formula, self.rule, self.sizes, self.ceil_notes):
            caption.set_text("")
        self.ceil_notes.setVisible(False)

    def _set_timeline(self, timeline: PoolTimeline) -> None:
        previous, self._timeline = self._timeline, timeline
        same = previous is not None and np.array_equal(previous.padded, timeline.padded)
        uncounted = None if timeline.is_max else ~timeline.counted
        self._show_input(None if same else timeline.padded, timeline.sides, uncounted)
        self._output_diverging, self._output_range = output_colours(timeline.output)
        taps = int(np.prod(timeline.kernel))
        self.window_values.set_labels("on" if taps <= LABELLED_WINDOW else "auto")
        ceil = timeline.scene.ceil
        self.sizes.set_text("      ".join(size_text(axis, ceil) for axis in timeline.axis_sizes()))
        notes = " ".join(timeline.ceil_notes())
        self.ceil_notes.set_text(notes)
        if self.ceil_notes.isVisible() != bool(notes):
            self.ceil_notes.setVisible(bool(notes))
            self.ci.layout.activate()  # now: an export captures the frame before the event loop turns

    def _show_input(self, values: np.ndarray | None, sides, uncounted: np.ndarray | None) -> None:
        """The input with its padding and the cells never counted; `values` None: as they are (a
        change of count_pad, say, repaints no cells)."""
        cells = self.input.cells
        cells.set_padding(sides)
        cells.set_uncounted(uncounted)
        if values is not None:  # the key and colours follow the finite values: -inf is not one
            self._panels[0].set_values(values)
        self._set_input_title(sides)

    def _show_window(self, timeline: PoolTimeline, step: WindowStep) -> None:
        """The values under the window, in the input's colours, marked as the input marks them."""
        shape = step.inputs.shape
        cells = self.window_values.cells
        rows, cols = step.window[:: shape[1], 0], step.window[: shape[1], 1]
        top, _, left, _ = timeline.sides
        (n, m) = timeline.input.shape
        cells.set_padding(
            (
                int((rows < top).sum()),
                int((rows >= top + n).sum()),
                int((cols < left).sum()),
                int((cols >= left + m).sum()),
            )
        )
        counted = timeline.counted[step.window[:, 0], step.window[:, 1]].reshape(shape)
        cells.set_uncounted(None if timeline.is_max else ~counted)
        self._panels[1].set_values(step.inputs, value_range=self.input.cells.value_range())
        chosen = None
        if step.chosen is not None:
            tap = int(np.flatnonzero((step.window == step.chosen).all(axis=1))[0])
            chosen = divmod(tap, shape[1])
        cells.set_chosen(chosen)

    def _input_note(self, cell: tuple[int, int]) -> str:
        """What a padded cell holds and whether it counts; nothing for the input's own cells."""
        timeline = self._timeline
        if timeline is None:
            return ""
        inside, past = (kinds[0] for kinds in timeline.cell_kinds(np.array([cell])))
        if inside:
            return ""
        where = (
            "past the edge, reached only by ceil mode's last window"
            if past
            else "padding, not part of the input"
        )
        if timeline.is_max:
            return f"{where}: max pooling reads -∞ there, which never wins"
        if past or not timeline.scene.count_pad:
            return f"{where}: never counted in an average"
        return f"{where}: holds 0, counted in n (count_pad on)"

    def _window_note(self, cell: tuple[int, int]) -> str:
        """Where a window value comes from in the input, and what becomes of it."""
        step = self._step
        if step is None:
            return ""
        tap = cell[0] * step.inputs.shape[1] + cell[1]
        i, j = (int(v) for v in step.window[tap])
        notes = [f"from {self.input.name} row {i}, column {j}", self._input_note((i, j))]
        if step.chosen == (i, j):
            notes.append("the maximum, which max pooling takes")
        return " · ".join(note for note in notes if note)
