"""The Network page's strip of layers, left to right: the input and every layer's output, each layer one
mosaic of its maps in its own ViewBox (tiled in as many columns as keep them largest), a vector as one
map whose columns hold a flattened channel each (or ten features), read down then across. A new pass
sets only the layers whose arrays changed, so an edit redraws the maps downstream of it."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsRectItem

from convviz.engine import flat_index, unflat_index
from convviz.engine.layers import LayerSpec
from convviz.timeline.network import FEATURES_PER_GROUP, NetworkStep, NetworkTimeline, shape_text
from convviz.ui.theme import Theme
from convviz.ui.views.canvas_items import TextItem
from convviz.ui.views.grid_item import MapBox
from convviz.ui.views.maps_view import output_colours
from convviz.ui.views.network_mosaic import MosaicItem, Place

FADE = 0.75  # how much of an unread map (another group's) the background covers
VEIL_BLEED = 0.1  # cells a veil reaches past its map: the cells are drawn on whole pixels, the veil is not
RGB = ("red", "green", "blue")
BOLD_ADVANCE = 0.7  # a bold character's width per pixel of font size, about, in DejaVu Sans
VECTOR_SHARE = 0.5  # of a layer of maps' column width


def fitted_px(pixels: int, width: float, characters: int) -> int:
    """A bold title's pixel size: `pixels`, or less where `characters` of it would overrun `width`."""
    return max(8, min(pixels, round(width / (BOLD_ADVANCE * max(characters, 1)))))


def vector_piece(maps, specs, layer: int) -> int:
    """How many of a vector's elements one column of it holds: a flattened map's channel (through relus),
    else ten, as the written sums group them."""
    for before in range(layer, 0, -1):
        kind = specs[before - 1].kind
        if kind == "flatten" and maps[before - 1].ndim == 3:
            return maps[before - 1].shape[1] * maps[before - 1].shape[2]
        if kind != "relu":
            break
    return FEATURES_PER_GROUP


class StackBox(MapBox):
    """A layer's mosaic in a ViewBox, its maps in the number of columns that makes them largest in the
    box's shape; an outline round the chosen map, and a veil over the maps a grouped kernel does not read."""

    def __init__(self, theme: Theme, layer: int):
        super().__init__(MosaicItem(theme, layer))
        self._theme = theme
        self.outline = QGraphicsRectItem()
        self.outline.setZValue(10)
        self.outline.setVisible(False)
        self.addItem(self.outline, ignoreBounds=True)
        self._outlined: int | None = None
        self._veils: list[QGraphicsRectItem] = []
        self.faded: tuple[int, ...] = ()
        self.retiled: Callable[[], None] = lambda: None  # the maps moved to other columns
        self.sigResized.connect(lambda _box: self.tile())

    def show(self, array: np.ndarray, piece: int) -> None:
        self.item.show(array, piece, output_colours(array))
        self.tile()

    def tile(self) -> None:
        """The columns of maps that give them the largest cells in this box."""
        item = self.item
        (rows, cols), gap, count = item.tile_shape(), item.gap, item.count()
        width, height = max(self.width(), 1.0), max(self.height(), 1.0)

        def scale(columns: int) -> float:
            lines = math.ceil(count / columns)
            return min(width / (columns * (cols + gap) - gap), height / (lines * (rows + gap) - gap))

        if not item.vector and item.set_columns(max(range(1, count + 1), key=scale)):
            self.retiled()  # the marks of the maps' cells move with them
        self.fit()
        self._place_marks()

    def set_theme(self, theme: Theme) -> None:
        self.item.cells.set_theme(theme)
        self.mark(self._outlined, self.faded, theme)

    def mark(self, channel: int | None, faded: tuple[int, ...], theme: Theme) -> None:
        """Outline map `channel` (None: none here) and veil the maps `faded`."""
        self._theme, self._outlined, self.faded = theme, channel, faded
        self.outline.setPen(pg.mkPen(QColor(theme.window_outline), width=3, cosmetic=True))
        while len(self._veils) < len(faded):
            veil = QGraphicsRectItem()
            veil.setPen(pg.mkPen(None))
            veil.setZValue(5)
            self.addItem(veil, ignoreBounds=True)
            self._veils.append(veil)
        self._place_marks()

    def _place_marks(self) -> None:
        self.outline.setVisible(self._outlined is not None)
        if self._outlined is not None:
            rect = self.item.map_rect(self._outlined)
            margin = 0.03 * max(rect.width(), rect.height())
            self.outline.setRect(rect.adjusted(-margin, -margin, margin, margin))
        colour = QColor(self._theme.background)
        colour.setAlphaF(FADE)
        for index, veil in enumerate(self._veils):
            veil.setVisible(index < len(self.faded))
            if index < len(self.faded):
                veil.setBrush(colour)
                veil.setRect(
                    self.item.map_rect(self.faded[index]).adjusted(
                        -VEIL_BLEED, -VEIL_BLEED, VEIL_BLEED, VEIL_BLEED
                    )
                )


class LayerColumn(pg.GraphicsLayout):
    """A layer's title (its grammar and its shape) over its maps."""

    def __init__(self, theme: Theme, layer: int):
        super().__init__()
        self.layer = layer
        self.title = TextItem(lines=2, bold=True, centred=True)
        self.box = StackBox(theme, layer)
        self.array: np.ndarray | None = None  # what is shown: a pass's array, compared by identity
        self.setSpacing(0)
        self.setContentsMargins(0, 0, 0, 0)
        self.addItem(self.title, row=0, col=0)
        self.addItem(self.box, row=1, col=0)

    def show_array(self, array: np.ndarray, title: str, names: list[str], piece: int) -> None:
        self.title.set_text(title)
        self.box.item.names = names
        if array is not self.array:
            self.array = array
            self.box.show(array, piece)


class LayerStrip(pg.GraphicsLayout):
    """Every map of a pass, a column per layer. hovered(item, text) as a map's read-out; clicked(layer,
    channel, step): a single click on a cell of a layer's map (a vector's element: that feature, step 0),
    the step that computes the value clicked."""

    hovered = Signal(object, str)
    clicked = Signal(int, int, int)

    def __init__(self, theme: Theme):
        super().__init__()
        self.theme = theme
        self.columns: list[LayerColumn] = []
        self._width: float | None = None
        self._shown = 0  # columns of the pass on show
        self._marked: tuple[NetworkTimeline, NetworkStep] | None = None  # the step the marks show
        self.setSpacing(10)
        self.setContentsMargins(0, 0, 0, 0)

    def show(self, maps: tuple[np.ndarray, ...], specs: tuple[LayerSpec, ...]) -> None:
        """Every stage's maps of a pass (the input, then each of `specs`' outputs); a column whose array
        is the one on show stays as it is."""
        while len(self.columns) < len(maps):
            column = LayerColumn(self.theme, len(self.columns))
            column.title.set_color(self.theme.text)
            item = column.box.item
            item.hovered.connect(lambda text, item=item: self.hovered.emit(item, text))
            item.clicked.connect(lambda row, col, item=item: self._chosen(item, row, col))
            column.box.retiled = self._mark_again
            self.columns.append(column)
        for column in self.columns[len(maps) :]:
            if column in self.items:
                self.removeItem(column)
        for layer, (column, array) in enumerate(zip(self.columns, maps)):
            if column not in self.items:
                self.addItem(column, row=0, col=layer)
            spec = "Input" if layer == 0 else f"{layer} · {specs[layer - 1]}"
            names = self._names(maps, specs, layer)
            column.show_array(
                array, f"{spec}\n{shape_text(array.shape)}", names, vector_piece(maps, specs, layer)
            )
            column.box.item.place_note = self._flat_note(maps, specs, layer)
            column.box.item.clickable = layer > 0
        self._shown, self._marked = len(maps), None
        if self._width is not None:
            self.fit(self._width)

    def shown(self) -> list[LayerColumn]:
        return self.columns[: self._shown]

    def _chosen(self, item: MosaicItem, row: int, column: int) -> None:
        place = item.place_at((row, column))
        if place is None:
            return
        if item.vector:
            self.clicked.emit(item.layer, place[0], 0)
        else:
            channel, i, j = place
            self.clicked.emit(item.layer, channel, i * item.array.shape[2] + j)

    @staticmethod
    def _names(maps, specs, layer: int) -> list[str]:
        array = maps[layer]
        if layer == 0:
            channels = RGB if array.shape[0] == 3 else ("input",)
            return [f"input {name}" for name in channels]
        what = f"layer {layer} ({specs[layer - 1]})"
        return [what] if array.ndim == 1 else [f"{what} map {c}" for c in range(array.shape[0])]

    @staticmethod
    def _flat_note(maps, specs, layer: int):
        """A flattened vector's element names its map cell; a map that is flattened next names the
        element each cell becomes: the index in both forms."""
        if maps[layer].ndim == 1 and specs[layer - 1].kind == "flatten" and maps[layer - 1].ndim == 3:
            shape = maps[layer - 1].shape
            _, height, width = shape

            def source(place: Place) -> str:
                c, h, w = unflat_index(place[0], shape)
                where = f"({c}·{height} + {h})·{width} + {w} = {place[0]}"
                return f"cell ({c}, {h}, {w}) of the {shape_text(shape)} map: {where}"

            return source
        if maps[layer].ndim == 3 and layer < len(specs) and specs[layer].kind == "flatten":
            shape = maps[layer].shape
            return lambda place: f"element {flat_index(*place, shape)} of the flattened vector"
        return None

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        for column in self.columns:
            column.title.set_color(theme.text)
            column.box.set_theme(theme)

    def fit(self, width: float) -> None:
        """Each column its share of `width`: a layer of maps twice a vector's."""
        self._width = width
        shares = [VECTOR_SHARE if column.box.item.vector else 1.0 for column in self.shown()]
        room = width - max(len(shares) - 1, 0) * self.layout.horizontalSpacing()
        for index, share in enumerate(shares):
            self.layout.setColumnFixedWidth(index, max(10.0, room * share / sum(shares)))

    def set_title_size(self, pixels: int, family: str) -> None:
        """Titles at `pixels`, or smaller where a column's longest line would not fit its width."""
        for index, column in enumerate(self.shown()):
            width = self.layout.columnMinimumWidth(index)
            longest = max((len(line) for line in column.title.text().split("\n")), default=1)
            column.title.set_pixel_size(fitted_px(pixels, width, longest), family)

    def item(self, layer: int) -> MosaicItem:
        return self.columns[layer].box.item

    def mark(self, timeline: NetworkTimeline, step: NetworkStep) -> None:
        """The chosen map outlined and its value's cell marked; the windows of the maps the value reads
        (or the cell it comes from); input maps another group reads, veiled."""
        self._marked = (timeline, step)
        for column in self.shown():
            cells = column.box.item.cells
            cells.set_window(None)
            cells.set_current(None)
            cells.set_chosen(None)
            column.box.mark(None, (), self.theme)
        layer, channel = timeline.layer, timeline.map.channel
        chosen, before = self.item(layer), self.item(layer - 1)
        place = (channel,) if chosen.vector else (channel, *step.out_cell)
        chosen.cells.set_current(chosen.cell_of(place))
        reads = timeline.reads if step.kind != "flatten" else step.source[:1]  # an element reads one cell
        unread = () if before.vector else tuple(c for c in range(before.count()) if c not in reads)
        self.columns[layer].box.mark(None if chosen.vector else channel, (), self.theme)
        self.columns[layer - 1].box.mark(None, unread, self.theme)
        windows = [(term.window, timeline.reads[i]) for i, term in enumerate(step.terms)]
        if step.window is not None:
            windows.append((step.window.window, channel))
        if windows:
            before.cells.set_window(np.concatenate([self._taps(before, w, c, timeline) for w, c in windows]))
        if step.window is not None and step.window.chosen is not None:
            p = timeline.spec.padding
            before.cells.set_chosen(before.cell_of((channel, *np.subtract(step.window.chosen, p))))
        if step.source is not None:
            before.cells.set_current(before.cell_of(step.source))

    def _mark_again(self) -> None:
        if self._marked is not None:
            self.mark(*self._marked)

    @staticmethod
    def _taps(item: MosaicItem, window: np.ndarray, channel: int, timeline: NetworkTimeline) -> np.ndarray:
        """A window's taps on the padded map, as grid cells of `item`; those on padding left out (they
        would land between the maps)."""
        taps = np.asarray(window, int).reshape(-1, 2) - timeline.spec.padding
        rows, cols = item.tile_shape()
        taps = taps[(taps[:, 0] >= 0) & (taps[:, 0] < rows) & (taps[:, 1] >= 0) & (taps[:, 1] < cols)]
        return taps + item.origin(channel)
