"""The Receptive-field page's picture: the input and every layer's map, each in its own ViewBox, wrapping
over as many rows as keep them largest; on the followed unit's maps the exact cells that can influence
it, their bounding box, and lines joining each box to the one below. Beside them the table of Araujo
et al., the plot of field size and jump against depth, and the effective receptive field's heat map;
below, the step's words and the warnings.

A click on a cell of a layer's map asks to follow that unit (`unit_chosen`); the maps' values are drawn
once per stack and input, a click redraws only the marks, the table's mark and the heat map."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtGui import QFontMetricsF

from convviz.scene.model import input_image
from convviz.scene.scenes import ReceptiveFieldScene
from convviz.timeline.receptive_field import FieldStep, ReceptiveFieldTimeline
from convviz.ui.registry import VIEWS
from convviz.ui.theme import DEFAULT, Theme
from convviz.ui.views.map_panel import MapPanel, PanelRow
from convviz.ui.views.maps_view import MapsView, output_colours
from convviz.ui.views.receptive_field_pictures import (
    BoxJoins,
    FieldBox,
    FieldPlot,
    FieldTable,
    GaussianOutline,
    table_cells,
)
from convviz.ui.widgets.cell_text import font

KEYED_MAPS = 6  # more maps than this and none keeps its colour key: the maps get the room, the input
# as large as the rest (hover reads any value)
MAPS_HEIGHT = 0.72  # of the view's height, about what the maps' rows get (the captions take the rest)
TITLE_ROOM = 1.6  # a map's title, in title heights, above each box
ERF_TITLE = "Effective field"
# the side column's heights: the plot and the effective field these shares, the table one per row
PLOT_SHARE, ERF_SHARE, TABLE_SHARE = 8, 10, 5


def maps_per_row(count: int, width: float, height: float, title: float) -> int:
    """How many maps to a row so that `count` square maps in `width` x `height` are largest."""

    def side(per_row: int) -> float:
        rows = math.ceil(count / per_row)
        return min(width / per_row, height / rows - TITLE_ROOM * title)

    return max(range(1, count + 1), key=side)


@VIEWS.shows(ReceptiveFieldScene)
class ReceptiveFieldView(MapsView):
    """Shows a receptive-field timeline at a step: step k marks the field on the unit's map and the k
    maps below it."""

    TIMELINE = ReceptiveFieldTimeline
    COLUMNS = (2, 1)  # the maps, and the table, plot and effective field beside them
    PRESENTING_COLUMNS = (2, 1)
    unit_chosen = Signal(int, int, int)  # layer (from 1), row, column

    def __init__(self, parent=None, *, theme: Theme = DEFAULT):
        super().__init__(("Input", ERF_TITLE), parent, theme=theme)
        self.input_panel, self.erf_panel = self._panels
        self.output = self.input_panel.grid  # no map fills in here: the player's row speed is the input's
        self.map_panels: list[MapPanel] = []  # index 0 the input, then layer by layer
        self.field_boxes: list[FieldBox] = []
        self.joins = BoxJoins(theme)
        self.scene().addItem(self.joins)
        self._maps = PanelRow(())
        self._add_map_panel(self.input_panel)
        self.erf_box = FieldBox(theme)
        self.erf_fit = GaussianOutline(theme)
        for item in (self.erf_box, self.erf_fit):
            self.erf_panel.box.addItem(item)
        self.table = FieldTable(theme)
        self.plot = FieldPlot(theme)
        self._side = pg.GraphicsLayout()
        self._side_fit = None  # the height and shares the side column's rows were last given
        self.words = self._caption(lines=2, scale=0.8)
        self.warnings = self._caption(lines=3, scale=0.6)
        self.erf_words = self._caption(lines=2, scale=0.6)
        self._values_key = None  # the stack, input and weights whose values the maps show
        self._title_px = 20  # a map title's size before fitting it to its column
        self._finish()

    # ------------------------------------------------------------ layout
    def _lay_out(self) -> None:
        self._side.addItem(self.table, row=0, col=0)
        self._side.addItem(self.plot, row=1, col=0)
        self._side.addItem(self.erf_panel, row=2, col=0)
        self.ci.addItem(self._maps, row=0, col=0)
        self.ci.addItem(self._side, row=0, col=1)
        for row, caption in enumerate((self.problem, self.words, self.warnings, self.erf_words), start=1):
            self.ci.addItem(caption, row=row, col=0, colspan=2)

    def _add_map_panel(self, panel: MapPanel) -> None:
        """One more map for deeper stacks: made once, kept for the next stack as deep."""
        layer = len(self.map_panels)
        if panel is not self.input_panel:
            panel.grid.hovered.connect(lambda text, grid=panel.grid: self._hover(grid, text))
            panel.grid.clicked.connect(lambda i, j, layer=layer: self.unit_chosen.emit(layer, i, j))
            panel.grid.clickable = True
            self._panels.append(panel)
        panel.grid.cell_note = lambda cell, layer=layer: self._note(layer, cell)
        box = FieldBox(self.theme)
        panel.box.addItem(box)
        self.field_boxes.append(box)
        self.joins.follow(panel.grid)
        self.map_panels.append(panel)
        self._maps.add((panel,))

    def _show_maps(self, count: int) -> None:
        """The first `count` maps, wrapped to the rows that keep them largest."""
        if len(self.map_panels) < count:
            while len(self.map_panels) < count:
                self._add_map_panel(MapPanel(f"Layer {len(self.map_panels)}", self.theme))
            self._fit_text()  # the new maps' text at the view's sizes
        self._maps.show_only({panel: 1.0 for panel in self.map_panels[:count]}, self._per_row(count))
        for panel in self.map_panels:
            panel.show_key(count <= KEYED_MAPS)
        self._fit_columns()
        self.ci.layout.activate()  # now: an export captures the frame before the event loop turns

    def _per_row(self, count: int) -> int:
        width = self.width() * self.COLUMNS[0] / sum(self.COLUMNS)
        return maps_per_row(count, width, self.height() * MAPS_HEIGHT, self._title_px)

    def _fit_columns(self) -> None:
        super()._fit_columns()
        if not hasattr(self, "_maps"):  # pyqtgraph resizes the view before __init__ gets here
            return
        shares = self._maps.shares()
        if shares:  # a new size may fit the maps larger in another number of rows
            self._maps.show_only(shares, self._per_row(len(shares)))
        self._maps.fit(self.ci.layout.columnMinimumWidth(0) - 8)
        self._fit_titles()
        self._fit_side()

    def _fit_titles(self) -> None:
        """Each map's title in one line over its column, smaller than the others' if it must be."""
        base, family = self._title_px, self.theme.font_family
        metrics = QFontMetricsF(font(family, base, True))
        room = self._maps.column_width()
        side = self.ci.layout.columnMinimumWidth(1)
        for panel in (*self._maps.shares(), self.erf_panel):
            wide = metrics.horizontalAdvance(panel.title.text()) + 16  # the text item's own margins
            fits = (side if panel is self.erf_panel else room) or wide
            panel.title.set_pixel_size(base if wide <= fits else max(8, int(base * fits / wide)), family)

    def _fit_text(self) -> None:
        super()._fit_text()
        if not hasattr(self, "table"):
            return
        title = self._title_px = self.input_panel.title.font().pixelSize()  # as MapsView sizes titles
        self.table.set_pixel_size(title)
        self.plot.set_pixel_size(max(10, round(title * 0.75)))
        self._fit_titles()
        self._fit_side()  # the captions' heights follow the text

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        for item in (self.joins, self.table, self.plot, self.erf_box, self.erf_fit, *self.field_boxes):
            item.set_theme(theme)

    # ------------------------------------------------------------ drawing
    def _set_timeline(self, timeline: ReceptiveFieldTimeline) -> None:
        """The maps' values when the stack, input or weights changed; the table, plot and effective
        field for the unit."""
        self._timeline = timeline
        scene = timeline.scene
        weights = scene.erf if scene.erf.kind == "random" else "uniform"  # what layer_values uses
        key = (scene.input, scene.size, scene.layers, weights)
        count = len(timeline.maps)
        if key != self._values_key:
            self._values_key = None  # until every map is drawn
            self._show_maps(count)
            for layer, values in enumerate(timeline.layer_values()):
                diverging, value_range = output_colours(values)
                self.map_panels[layer].set_values(values, diverging=diverging, value_range=value_range)
            self._values_key = key
        for layer, panel in enumerate(self.map_panels[:count]):
            height, width = timeline.maps[layer]
            item = "Input" if layer == 0 else f"{layer} · {timeline.specs[layer - 1]}"
            panel.set_title(f"{item} · {height}x{width}")
        unit = timeline.unit
        self.table.show_rows([table_cells(row) for row in timeline.table], unit.layer - 1)
        self._fit_side()
        self.plot.show_table(timeline.table, unit.layer)
        self.warnings.set_text(" ".join(timeline.warnings))
        self._show_effective_field(timeline)
        self._fit_titles()  # the maps' and the effective field's, measured once

    def _show_effective_field(self, timeline: ReceptiveFieldTimeline) -> None:
        erf = timeline.erf
        self._show_erf_panel(erf is not None)
        self.erf_words.set_text("" if erf is None else erf.words)
        if erf is None:
            return
        self.erf_panel.set_values(erf.gradient)
        unit = timeline.unit
        self.erf_panel.set_title(f"{ERF_TITLE} · unit {unit.layer}:{unit.row},{unit.col}")
        self.erf_box.show_box(timeline.boxes[0])
        self.erf_fit.show_fit(erf.centre, erf.sigma)

    def _show_erf_panel(self, shown: bool) -> None:
        """The effective field's map, in the side column or out of it (hidden, it would keep its room)."""
        if shown == self.erf_panel.isVisible():
            return
        if shown:
            self._side.layout.addItem(self.erf_panel, 2, 0)
        else:
            self._side.layout.removeItem(self.erf_panel)
        self.erf_panel.setVisible(shown)
        self._fit_side()
        self._side.layout.activate()

    def _fit_side(self) -> None:
        """The side column's rows their shares of the maps' height (the table a share per row), so
        neither the plot nor the heat map takes the table's room."""
        if not hasattr(self, "_side"):
            return
        captions = sum(caption.maximumHeight() for caption, _, _ in self._captions)
        height = max(60.0, self.height() - captions - 40)
        rows = len(self.table.cells())
        shares = [max(TABLE_SHARE, rows), PLOT_SHARE, ERF_SHARE if self.erf_panel.isVisible() else 0]
        if (height, shares) == self._side_fit:
            return  # a click on another unit: nothing to lay out again
        self._side_fit = (height, shares)
        layout = self._side.layout
        gaps = layout.verticalSpacing() * (len([s for s in shares if s]) - 1)
        for row, share in enumerate(shares):  # preferred, not fixed: a small frame shrinks them all
            wanted = (height - gaps) * share / sum(shares)
            layout.setRowPreferredHeight(row, wanted)
            layout.setRowMaximumHeight(row, wanted)
            layout.setRowStretchFactor(row, share)
        layout.activate()  # now: an export captures the frame before the event loop turns

    def _draw_step(self, timeline: ReceptiveFieldTimeline, step: FieldStep) -> None:
        """The field from the unit's map down to the step's: the exact cells, the box, the joins."""
        unit = timeline.unit
        marked = range(step.layer, unit.layer + 1)
        for layer, (panel, box) in enumerate(zip(self.map_panels, self.field_boxes)):
            shown = layer in marked
            panel.grid.cells.set_window(np.argwhere(timeline.masks[layer]) if shown else None)
            panel.grid.cells.set_current((unit.row, unit.col) if layer == unit.layer else None)
            box.show_box(timeline.boxes[layer] if shown and layer < unit.layer else None)
        grids = [panel.grid for panel in self.map_panels]
        self.joins.join(
            [
                (grids[layer], timeline.boxes[layer], grids[layer - 1], timeline.boxes[layer - 1])
                for layer in reversed(marked)  # from the unit down
                if layer > step.layer
            ]
        )
        self.words.set_text(f"Step {step.index + 1} of {timeline.count}: {step.words}")

    def _note(self, layer: int, cell: tuple[int, int]) -> str:
        """What the read-out adds for a cell of map `layer`: whether it can influence the unit."""
        timeline = self._timeline
        if timeline is None or layer >= len(timeline.maps):
            return ""
        unit = timeline.unit
        if layer == unit.layer and cell == (unit.row, unit.col):
            return "the unit followed"
        notes = ["can influence the unit"] if layer < unit.layer and timeline.masks[layer][cell] else []
        if layer:
            notes.append("click to follow this unit")
        return " · ".join(notes)

    def show_problem(self, scene: ReceptiveFieldScene, message: str) -> None:
        """A stack with no output: the input as it is, and why, where the maps would be; nothing of the
        previous scene stays."""
        self._timeline = self._loaded = self._values_key = None
        self._show_maps(1)
        self.input_panel.set_values(input_image(scene.input, scene.size))
        self.input_panel.set_title(f"Input · {scene.size[0]}x{scene.size[1]}")
        for panel, box in zip(self.map_panels, self.field_boxes):
            panel.grid.cells.set_window(None)
            panel.grid.cells.set_current(None)
            box.show_box(None)
        self.joins.join([])
        self.table.show_rows([], None)
        self.plot.show_table((), 0)
        self._show_erf_panel(False)
        for caption in (self.words, self.warnings, self.erf_words):
            caption.set_text("")
        self.problem.set_text(message)
        self.problem.setVisible(True)
