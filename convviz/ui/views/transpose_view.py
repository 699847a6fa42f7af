"""The Transposed page's picture of one step: its maps side by side in one row (which ones, the view's
picture in transpose_pictures says), and below them the step's words, its formula, the output-size
formula with its numbers, the view's note and the convolution the transposed one undoes; when asked,
under all that, the same kernel at dilations 1, 2 and 3 side by side."""

from __future__ import annotations

import numpy as np

from convviz.scene.model import input_image
from convviz.scene.scenes import ConvScene, TransposeScene
from convviz.timeline.transpose import TransposeStep, TransposeTimeline
from convviz.timeline.transpose_facts import axis_sizes, checkerboard_notes, undone_convolution_of
from convviz.ui.registry import VIEWS
from convviz.ui.theme import DEFAULT, Theme
from convviz.ui.views.backprop_pictures import sized_title
from convviz.ui.views.map_panel import MapPanel, PanelRow
from convviz.ui.views.maps_view import MapsView
from convviz.ui.views.transpose_dilations import DILATIONS, DilationsCompared
from convviz.ui.views.transpose_pictures import PICTURES

# the row's maps in order: the spread input or Cᵀ, the input, the kernel, the stamp, the output, overlaps
MAIN_NAMES = ("Spread", "Input", "Kernel", "Stamp", "Output", "Stamps per cell")
PANEL_NAMES = MAIN_NAMES + tuple(f"Dilation {d}" for d in DILATIONS)
SIZE_SYMBOLS = ("H", "W")


@VIEWS.shows(TransposeScene)
class TransposeView(MapsView):
    """Shows a transposed-convolution timeline at a step: the maps that stay the same are drawn once per
    timeline, per step only the output, the stamp and the marks."""

    TIMELINE = TransposeTimeline

    def __init__(self, parent=None, *, theme: Theme = DEFAULT):
        super().__init__(PANEL_NAMES, parent, theme=theme)
        main = self._panels[: len(MAIN_NAMES)]
        (self.wide_panel, self.input_panel, self.kernel_panel, self.stamp_panel, self.output_panel,
         self.overlap_panel) = main  # fmt: skip
        self.output = self.output_panel.grid  # the map that fills in: its rows set the player's row speed
        self.words = self._caption(lines=2, scale=0.9)
        self.formula = self._caption(lines=2)
        self.sizes = self._caption(scale=0.8)
        self.note = self._caption(lines=5, scale=0.6)  # presenting, a checkerboard note per axis takes 5
        self.undone_text = self._caption(lines=2, scale=0.6)
        self._row = PanelRow(tuple(main))
        self.dilations = DilationsCompared(self._panels[len(MAIN_NAMES) :], self._caption(lines=3, scale=0.6))
        self._picture = None
        self._undone = None
        self._finish()

    # ------------------------------------------------------------ layout
    def _lay_out(self) -> None:
        self.ci.addItem(self._row, row=0, col=0)
        captions = (self.problem, self.words, self.formula, self.sizes, self.note, self.undone_text)
        for row, caption in enumerate(captions, start=1):
            self.ci.addItem(caption, row=row, col=0)
        self._dilations_at = len(captions) + 1  # the comparison's row, its caption under it
        self.ci.addItem(self.dilations.caption, row=self._dilations_at + 1, col=0)

    def set_dilations_compared(self, on: bool) -> None:
        """Show (or take away) the kernel at dilations 1, 2 and 3 under the captions: a view's choice,
        not the scene's, so the link keeps its keys."""
        self.dilations.on = on
        self._place_dilations(self._timeline)

    def _place_dilations(self, timeline: TransposeTimeline | None) -> None:
        """The comparison row in the layout when it is asked for and there is a timeline to compare."""
        shown = self.dilations.on and timeline is not None
        if shown:
            self.dilations.show(timeline)
        if shown != (self.dilations.row in self.ci.items):
            if shown:
                self.ci.addItem(self.dilations.row, row=self._dilations_at, col=0)
            else:
                self.ci.removeItem(self.dilations.row)
        self.dilations.caption.setVisible(shown)
        self._fit_columns()
        self.ci.layout.activate()

    def _show_panels(self, shares: dict[MapPanel, float]) -> None:
        self._row.show_only(shares)
        self._fit_columns()
        self.ci.layout.activate()  # now: an export captures the frame before the event loop turns

    def _fit_columns(self) -> None:
        """The shown maps their shares of the width, so a step never moves a map."""
        super()._fit_columns()
        if hasattr(self, "_row"):  # pyqtgraph resizes the view before __init__ gets here
            self._row.fit(self.width() - 40)
            self.dilations.row.fit(self.width() - 40)

    # ------------------------------------------------------------ drawing
    def _set_timeline(self, timeline: TransposeTimeline) -> None:
        self._timeline = timeline
        for panel in self._panels:
            self._clear_marks(panel)
        self._picture = PICTURES[timeline.scene.view](self, timeline)
        self._show_panels(self._picture.shares)
        self.sizes.set_text(
            "      ".join(
                f"{symbol}' = {axis.formula}" for symbol, axis in zip(SIZE_SYMBOLS, axis_sizes(timeline))
            )
        )
        notes = (timeline.note,)
        if timeline.scene.view == "scatter":
            notes += checkerboard_notes(timeline)
        self.note.set_text(" ".join(notes))
        self.formula.setVisible(timeline.scene.view != "scatter")  # a stamp has no sum to write out
        self._undone = undone_convolution_of(timeline.scene)
        self.undone_text.set_text(self._undone.words)
        self._place_dilations(timeline)

    def _draw_step(self, timeline: TransposeTimeline, step: TransposeStep) -> None:
        self.words.set_text(f"Step {step.index + 1} of {timeline.count}: {step.words}")
        self.formula.set_text(self._picture.step(step))

    def undone_scene(self) -> ConvScene | None:
        """The convolution the scene on show undoes, to open on the Convolution page (None when there is
        no scene on show, or that page cannot show its input)."""
        return self._undone.scene if self._undone is not None else None

    @staticmethod
    def _clear_marks(panel: MapPanel) -> None:
        cells = panel.grid.cells
        cells.set_window(None)
        cells.set_current(None)
        cells.set_dashed(None)
        cells.set_uncounted(None)
        cells.set_padding((0, 0, 0, 0))
        panel.grid.cell_note = None

    def show_problem(self, scene: TransposeScene, message: str) -> None:
        """A scene with no output: its input as it is, and why there is no output where the maps would
        be; nothing of the previous scene stays."""
        self._timeline = self._loaded = self._picture = self._undone = None
        image = input_image(scene.input, scene.size)
        for panel in self._panels:
            self._clear_marks(panel)
            panel.set_values(np.full((1, 1), np.nan))
        self.input_panel.set_values(image)
        self.input_panel.set_title(sized_title("Input", image))
        self.output_panel.set_title("Output")
        for caption in (self.words, self.formula, self.sizes, self.note, self.undone_text):
            caption.set_text("")
        self.problem.set_text(message)
        self.problem.setVisible(True)
        self._show_panels({self.input_panel: 1.0, self.output_panel: 1.0})
        self._place_dilations(None)
