"""The Network page's picture: the strip of every layer's maps across the top; under it, on the left, what
makes the chosen map's value at this step (its kernel slices, each titled with its partial sum, the bias,
and the map filling in), on the right the table of shapes and costs; the sum written out below."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Signal

from convviz.scene.network_inputs import input_channels
from convviz.scene.scenes import NetworkScene
from convviz.timeline.network import NetworkStep, NetworkTimeline
from convviz.timeline.network_slices import kernel_slices, partial_sums
from convviz.timeline.network_text import shown
from convviz.ui.registry import VIEWS
from convviz.ui.theme import DEFAULT, Theme
from convviz.ui.views.map_panel import MapPanel, PanelRow
from convviz.ui.views.maps_view import MapsView, output_colours, symmetric
from convviz.ui.views.network_strip import LayerStrip, fitted_px
from convviz.ui.views.network_table import LayerTable, table_rows

MAX_SLICES = 16  # kernel slices drawn; a wider layer's others are said, and edited from the side panel
PARTIAL = 7  # characters a partial sum adds to a slice's title: ": −0.89"
COLUMNS_SHARE = 0.5  # of the view's width, the detail's (COLUMNS)
TITLE_LINES = 1.5  # a detail map's title's height, in pixels of its font size
TABLE_HEIGHT = 0.28  # of the view's height, the most the table of layers takes
NO_WEIGHTS = {  # what a layer without weights makes its map of
    "maxpool": "map {c} is the largest value of each window of map {c}",
    "avgpool": "map {c} is the mean of each window of map {c}",
    "relu": "each value of map {c} is max(0, x) of the one before it",
    "flatten": "element {c} is a cell of the maps before, counted in (C, H, W) order",
}
PANEL_NAMES = (*(f"Slice {i}" for i in range(MAX_SLICES)), "Bias", "Map")


@VIEWS.shows(NetworkScene)
class NetworkView(MapsView):
    """map_chosen(layer, channel, step): a click on a cell of a layer's map (its value's step);
    weight_chosen(index, row, column): a click on a weight of kernel slice `index`, to edit it."""

    TIMELINE = NetworkTimeline
    COLUMNS = (1, 1)  # the chosen map's detail, the table
    PRESENTING_COLUMNS = (1, 1)
    map_chosen = Signal(int, int, int)
    weight_chosen = Signal(int, int, int)

    def __init__(self, parent=None, *, theme: Theme = DEFAULT):
        super().__init__(PANEL_NAMES, parent, theme=theme)
        self.slice_panels = self._panels[:MAX_SLICES]
        self.bias_panel, self.map_panel = self._panels[MAX_SLICES:]
        self.output = self.map_panel.grid  # the map that fills in: its rows set the player's row speed
        for index, panel in enumerate(self.slice_panels):
            panel.grid.clickable = True
            panel.grid.clicked.connect(lambda row, col, index=index: self.weight_chosen.emit(index, row, col))
        for panel in self._panels:
            panel.show_key(False)
        self.strip = LayerStrip(theme)
        self.strip.hovered.connect(self._hover)
        self.strip.clicked.connect(self.map_chosen)
        self.table = LayerTable()
        self.detail = PanelRow(tuple(self._panels))
        self.words = self._caption(lines=2, scale=0.8)
        self.formula = self._caption(lines=2)
        self.note = self._caption(lines=2, scale=0.7)
        self.slices = ()
        self._shapes: tuple | None = None  # the shapes of the pass on show
        self._finish()

    # ------------------------------------------------------------ layout
    def _lay_out(self) -> None:
        self.ci.addItem(self.strip, row=0, col=0, colspan=2)
        self.ci.addItem(self.detail, row=1, col=0)
        self.ci.addItem(self.table, row=1, col=1)
        for row, caption in enumerate((self.problem, self.words, self.formula, self.note), start=2):
            self.ci.addItem(caption, row=row, col=0, colspan=2)
        self.ci.layout.setRowStretchFactor(0, 4)
        self.ci.layout.setRowStretchFactor(1, 1)

    def _fit_columns(self) -> None:
        super()._fit_columns()
        if hasattr(self, "strip"):  # pyqtgraph resizes the view before __init__ gets here
            layout = self.ci.layout
            shares = self.detail.shares()
            self.detail.show_only(shares, self._per_row(len(shares)))  # the detail's rows for this shape
            self.strip.fit(self.width() - 40)
            self.detail.fit(layout.columnMinimumWidth(0) - 8)
            self.table.fit(layout.columnMinimumWidth(1) - 8)

    def _fit_text(self) -> None:
        """The strip's titles and the table at the maps' title size."""
        super()._fit_text()
        if hasattr(self, "strip"):
            pixels, family = self._panels[0].title.font().pixelSize(), self.theme.font_family
            self._title_px = pixels  # the maps' title size, before the detail's are fitted
            self.table.set_pixel_size(round(0.7 * pixels), family, TABLE_HEIGHT * self.height())
            self.strip.set_title_size(round(0.8 * pixels), family)
            self._fit_detail_titles()

    def _fit_detail_titles(self) -> None:
        """The detail maps' titles as large as the maps' titles, or as their longest fits its column."""
        longest = max((len(piece.label) for piece in self.slices), default=5) + PARTIAL
        detail = fitted_px(self._title_px, self.detail.column_width(), longest)
        family = self.theme.font_family
        for panel in self._panels:
            panel.title.set_pixel_size(detail, family)

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        if hasattr(self, "strip"):
            self.strip.set_theme(theme)
            self.table.set_color(theme.text)

    def home(self) -> None:
        """Every map shown whole again, the strip's too."""
        super().home()
        for column in self.strip.columns:
            column.box.home()

    def _per_row(self, count: int) -> int:
        """How many detail maps to a row makes them largest beside the table (as tall as it may be)."""
        width = max(self.width() * COLUMNS_SHARE - 16, 1.0)
        height = max(TABLE_HEIGHT * self.height(), 1.0)

        def side(per_row: int) -> float:
            rows = max(math.ceil(count / per_row), 1)
            return min(width / per_row, height / rows - self._title_px * TITLE_LINES)

        return max(range(1, max(count, 1) + 1), key=side)

    def _show_detail(self, panels: list[MapPanel]) -> None:
        shares = {panel: 1.0 for panel in panels}
        if shares == self.detail.shares():
            return  # the same maps: nothing moves, so only the maps that changed repaint
        self.detail.show_only(shares, self._per_row(len(panels)))
        self._fit_columns()
        self.ci.layout.activate()  # now: an export captures the frame before the event loop turns

    # ------------------------------------------------------------ drawing
    def _set_timeline(self, timeline: NetworkTimeline) -> None:
        self._timeline = timeline
        shapes = tuple(array.shape for array in timeline.maps)
        self.strip.show(timeline.maps, timeline.specs)
        if shapes != self._shapes:  # new columns: their widths and titles' sizes
            self._shapes = shapes
            self._fit_columns()
            self._fit_text()
        self.table.show(table_rows(timeline))
        self.slices = kernel_slices(timeline)
        panels = []
        if self.slices:
            weights = [np.abs(piece.values).max() for piece in self.slices]
            scale = symmetric(max(*weights, abs(timeline.bias)))
            for panel, piece in zip(self.slice_panels, self.slices):
                panel.set_values(piece.values, diverging=True, value_range=scale)
            self.bias_panel.set_values(np.full((1, 1), timeline.bias), diverging=True, value_range=scale)
            self.bias_panel.set_title(f"bias {shown(timeline.bias)}")
            panels = [*self.slice_panels[: len(self.slices)], self.bias_panel]
        elif timeline.spec.kind in ("maxpool", "avgpool"):
            panels = [self.slice_panels[0]]
        layer, channel = timeline.layer, timeline.map.channel
        self._map_colours = output_colours(timeline.maps[layer])
        self.map_panel.set_title(f"map {layer}:{channel}")
        self.note.set_text(self._reads_text(timeline))
        self._show_detail([*panels, self.map_panel])
        self._fit_detail_titles()

    def _reads_text(self, timeline: NetworkTimeline) -> str:
        spec, channel = timeline.spec, timeline.map.channel
        if spec.kind == "conv":
            k, count, total = spec.kernel, len(timeline.reads), timeline.in_map.shape[0]
            first, last = timeline.reads[0], timeline.reads[-1]
            if count == total:
                reads = f"all {total} input channels" if total > 1 else "its one input channel"
            else:
                group = f"(group {channel // (spec.channels // spec.groups) + 1} of {spec.groups})"
                reads = f"input channel {first}" if count == 1 else f"input channels {first}–{last}"
                reads += f" of {total} {group}"
            text = (
                f"Map {channel} of layer {timeline.layer} reads {reads}: {count} × {k}×{k} weights + 1 bias."
            )
        elif spec.kind == "linear":
            n = timeline.in_map.shape[0]
            text = f"Feature {channel} of layer {timeline.layer} weighs all {n:,} input features:"
            text += f" {n:,} weights + bias."
        else:
            return (
                f"Layer {timeline.layer} ({spec}) has no weights: {NO_WEIGHTS[spec.kind].format(c=channel)}."
            )
        if len(self.slices) > MAX_SLICES:
            text += f" The first {MAX_SLICES} of its {len(self.slices)} slices are drawn."
        return text

    def _draw_step(self, timeline: NetworkTimeline, step: NetworkStep) -> None:
        self.strip.mark(timeline, step)
        cell = "" if step.out_cell is None else f" ({step.out_cell[0]}, {step.out_cell[1]})"
        self.words.set_text(
            f"Step {step.index + 1} of {timeline.count}: value{cell} of map"
            f" {timeline.layer}:{timeline.map.channel} ({timeline.spec})"
        )
        self.formula.set_text(f"{self._value_name(timeline, step)} = {step.text}")
        for panel, piece, partial in zip(self.slice_panels, self.slices, partial_sums(step)):
            panel.set_title(f"{piece.label}: {shown(partial)}")
            panel.grid.name = f"map {timeline.layer}:{timeline.map.channel}'s weights on {piece.label}"
        if step.window is not None:
            window = self.slice_panels[0]
            window.set_values(np.where(np.isinf(step.window.inputs), np.nan, step.window.inputs))
            window.set_title("window")
        filled = (
            timeline.output_until(step.index) if step.out_cell is not None else np.full((1, 1), step.value)
        )
        diverging, value_range = self._map_colours
        self.map_panel.set_values(filled, diverging=diverging, value_range=value_range)
        self.output.cells.set_current(step.out_cell or (0, 0))

    @staticmethod
    def _value_name(timeline: NetworkTimeline, step: NetworkStep) -> str:
        where = f"[{step.out_cell[0]}, {step.out_cell[1]}]" if step.out_cell is not None else ""
        return f"y{timeline.layer}:{timeline.map.channel}{where}"

    def show_problem(self, scene: NetworkScene, message: str) -> None:
        """A stack that cannot run: its input alone, and why, where the maps would be."""
        self._timeline = self._loaded = None
        self.slices = ()
        self.strip.show((input_channels(scene.input, tuple(scene.size)),), ())
        self._shapes = None
        self.table.show([])
        for caption in (self.words, self.formula, self.note):
            caption.set_text("")
        self.problem.set_text(message)
        self.problem.setVisible(True)
        self._show_detail([])
