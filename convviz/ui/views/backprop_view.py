"""The Backprop page's picture of one step: the forward chain as small maps in a top row (the input,
padded; Z = conv(X); A = ReLU(Z); Y = pool(A)) and the backward pass larger below it: dL/dY, what the
current phase reads, and the map it builds, with the phase, its words, its formula and its note in
captions. What each phase draws is in backprop_pictures; this module lays the maps out and runs them."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Signal

from convviz.scene.model import input_image
from convviz.scene.scenes import BackpropScene
from convviz.timeline.backprop import BackpropTimeline
from convviz.timeline.backprop_phases import BackpropStep
from convviz.ui.registry import VIEWS
from convviz.ui.theme import DEFAULT, Theme
from convviz.ui.views.backprop_arrows import CellArrows
from convviz.ui.views.backprop_pictures import PICTURES, forward_titles, sized_title
from convviz.ui.views.map_panel import MapPanel, PanelRow
from convviz.ui.views.maps_view import TITLE_TEXT, MapsView, output_colours, symmetric

TITLE_1080 = round(1080 * TITLE_TEXT)  # a title's pixels in a 1080 px frame, where arrows are their own size
FORWARD_TITLE = 0.8  # the small forward maps' titles, this much of the others'
FORWARD_SHARE = 0.27  # of the height left by the captions, the forward row's; the backward maps get the rest
PANEL_NAMES = ("X", "Z", "A", "Y", "dL/dY", "first", "second", "result")


def click_note(cell: tuple[int, int]) -> str:
    """What the read-out says over a cell a click makes dL/dY one-hot at."""
    return f"click to make dL/dY one-hot at ({cell[0]}, {cell[1]})"


@VIEWS.shows(BackpropScene)
class BackpropView(MapsView):
    """Shows a backprop timeline at a step. The forward maps and dL/dY are drawn once per timeline,
    what a phase reads once per phase, and per step only the map being built and the marks.

    cell_clicked(map, row, column): a single click on a cell of the last forward map (or of dL/dY,
    which has its cells), which the page makes the one-hot dL/dY."""

    TIMELINE = BackpropTimeline
    cell_clicked = Signal(str, int, int)

    def __init__(self, parent=None, *, theme: Theme = DEFAULT):
        super().__init__(PANEL_NAMES, parent, theme=theme)
        self.forward: tuple[MapPanel, ...] = tuple(self._panels[:4])
        self.upstream_panel, self.first, self.second, self.result = self._panels[4:]
        self.output = self.result.grid  # the map the phase builds: its rows set the player's row speed
        self.phase_line = self._caption(lines=3, scale=0.9)
        self.formula = self._caption(lines=2)
        self.note = self._caption(lines=4, scale=0.6)
        self._top = PanelRow(self.forward)
        self._bottom = PanelRow((self.upstream_panel, self.first, self.second, self.result))
        self._phase_shown: int | None = None
        self._picture = None  # what the phase on show draws
        for panel, name in zip((*self.forward, self.upstream_panel), PANEL_NAMES):
            panel.grid.clicked.connect(lambda i, j, name=name: self.cell_clicked.emit(name, i, j))
        self.arrows = CellArrows(self.upstream_panel.grid, self.result.grid, theme)
        self.scene().addItem(self.arrows)
        self._finish()

    # ------------------------------------------------------------ layout
    def _lay_out(self) -> None:
        self.ci.addItem(self._top, row=0, col=0)
        self.ci.addItem(self._bottom, row=1, col=0)
        for row, caption in enumerate((self.problem, self.phase_line, self.formula, self.note), start=2):
            self.ci.addItem(caption, row=row, col=0)

    def _show_panels(self, shares: dict[MapPanel, float]) -> None:
        """Show the backward panels in `shares` (each its share of the row's width), hide the others."""
        self._bottom.show_only(shares)
        self._fit_columns()
        self.ci.layout.activate()  # now: an export captures the frame before the event loop turns

    def _fit_columns(self) -> None:
        """The forward row a fixed share of the height, and in each row the shown maps their shares
        of the width, so a step never moves a map."""
        super()._fit_columns()
        if not hasattr(self, "_bottom"):  # pyqtgraph resizes the view before __init__ gets here
            return
        width = self.width() - 40
        self._top.fit(width)
        self._bottom.fit(width)
        captions = sum(
            caption.maximumHeight() for caption, _, _ in self._captions if caption is not self.problem
        )
        self.ci.layout.setRowFixedHeight(0, max(60.0, (self.height() - captions - 40) * FORWARD_SHARE))

    def _fit_text(self) -> None:
        super()._fit_text()
        if not hasattr(self, "_bottom"):
            return
        title = self.upstream_panel.title.font().pixelSize()
        for panel in self.forward:
            panel.title.set_pixel_size(max(10, round(title * FORWARD_TITLE)), self.theme.font_family)
        self._fit_columns()  # the captions' heights follow the text
        self.arrows.set_scale(title / TITLE_1080)  # and the arrows the titles

    # ------------------------------------------------------------ drawing
    def _set_timeline(self, timeline: BackpropTimeline) -> None:
        self._timeline, self._phase_shown = timeline, None
        maps = [timeline.padded, timeline.conv]
        maps += [timeline.activation] if timeline.scene.relu else [None]
        maps += [timeline.pooled]
        titles = forward_titles(timeline)
        self._top.show_only({panel: 1.0 for panel, values in zip(self.forward, maps) if values is not None})
        last = list(self._top.shares())[-1]  # dL/dY is its gradient: a click there chooses a one-hot
        for panel in self.forward:
            panel.grid.clickable = panel is last
        self.upstream_panel.grid.clickable = True
        for panel, values, title in zip(self.forward, maps, titles):
            if values is not None:
                diverging, value_range = output_colours(values)
                panel.set_values(values, diverging=diverging, value_range=value_range)
                panel.set_title(title)
            self._clear_marks(panel)
        self.forward[0].grid.cells.set_padding(timeline.sides)
        up = timeline.upstream
        self.upstream_panel.set_values(up, diverging=True, value_range=symmetric(float(np.abs(up).max())))
        self.upstream_panel.set_title(sized_title("dL/dY", up))

    def _draw_step(self, timeline: BackpropTimeline, step: BackpropStep) -> None:
        number = int(np.searchsorted(timeline.starts, step.index, side="right")) - 1
        if number != self._phase_shown:
            self._phase_shown = number
            for panel in self._panels:
                self._clear_marks(panel, padding=panel is not self.forward[0])
            self.arrows.join(None, [])
            phase = timeline.phases[number]
            self._picture = PICTURES[type(phase)](self, timeline, phase)
            self._show_panels(self._picture.shares)
            notes = (timeline.phases[number].note,)
            if number == len(timeline.phases) - 1:
                notes += timeline.coverage_notes
            self.note.set_text(" ".join(notes))
        total = len(timeline.phases)
        self.phase_line.set_text(
            f"Phase {number + 1} of {total} · {step.phase} — step {step.phase_index + 1} of"
            f" {timeline.phases[number].count}: {step.words}"
        )
        self.formula.set_text(self._picture.step(step))

    @staticmethod
    def _clear_marks(panel: MapPanel, padding: bool = True) -> None:
        """No window, current cell, ring, crossed or dashed cells, and no note but what a click does; no
        padding either, if `padding`."""
        cells = panel.grid.cells
        cells.set_window(None)
        cells.set_current(None)
        cells.set_chosen(None)
        cells.set_uncounted(None)
        cells.set_dashed(None)
        if padding:
            cells.set_padding((0, 0, 0, 0))
        panel.grid.cell_note = click_note if panel.grid.clickable else None

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.arrows.set_theme(theme)

    def show_problem(self, scene: BackpropScene, message: str) -> None:
        """A scene with no output: its input as it is, and why there is no output where the maps would
        be; nothing of the previous scene stays."""
        self._timeline = self._loaded = self._picture = None
        self._phase_shown = None
        image = input_image(scene.input, scene.size)
        for panel in self._panels:
            panel.grid.clickable = False
            self._clear_marks(panel)
            panel.set_values(np.full((1, 1), np.nan))
        self.forward[0].grid.cells.set_padding((0, 0, 0, 0))
        self.forward[0].set_values(image)
        self.forward[0].set_title(f"X · {image.shape[0]}x{image.shape[1]}")
        self._top.show_only({self.forward[0]: 1.0})
        self.upstream_panel.set_title("dL/dY")
        self.result.set_title("")
        self.arrows.join(None, [])
        for caption in (self.phase_line, self.formula, self.note):
            caption.set_text("")
        self.problem.set_text(message)
        self.problem.setVisible(True)
        self._show_panels({self.upstream_panel: 1.0, self.result: 1.0})
