"""The Network page's strip of layers, left to right: the input and every layer's output, each layer's
maps tiled in one ViewBox (as many columns of maps as keep them largest), a vector as one map whose
columns hold a flattened channel each (or ten features), read down then across. Maps are GridItems, so
they hover, zoom and label as every map does; a new pass sets only the layers whose arrays changed, so
an edit redraws the maps downstream of it."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsRectItem

from convviz.engine import flat_index, unflat_index
from convviz.engine.layers import LayerSpec
from convviz.timeline.network import FEATURES_PER_GROUP, NetworkStep, NetworkTimeline, shape_text
from convviz.ui.theme import Theme
from convviz.ui.views.canvas_items import TextItem
from convviz.ui.views.grid_item import GridItem, MapBox, exact_text
from convviz.ui.views.maps_view import output_colours

GAP = 0.25  # between the maps of a layer, in map sides
UNREAD_OPACITY = 0.25  # input maps the chosen kernel does not read (another group's)
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


class MapItem(GridItem):
    """One channel of a layer (`layer` 0 the input). A vector is one item, its elements in columns of
    `piece` read down then across, element k at cell (k % piece, k // piece), the last column's tail
    empty."""

    def __init__(self, theme: Theme, layer: int, channel: int):
        super().__init__(theme, "")
        self.layer, self.channel = layer, channel
        self.vector = False
        self.piece = 1
        self.length = 0  # a vector's elements

    def element(self, cell: tuple[int, int]) -> int:
        return cell[1] * self.piece + cell[0]

    def cell_of(self, element: int) -> tuple[int, int]:
        return element % self.piece, element // self.piece

    def describe(self, cell: tuple[int, int]) -> str:
        if not self.vector:
            return super().describe(cell)
        if self.element(cell) >= self.length:
            return f"{self.name}: past its last element, {self.length - 1}"
        text = f"{self.name}: element {self.element(cell)} = {exact_text(float(self.values()[cell]))}"
        note = self.cell_note(cell) if self.cell_note else ""
        return f"{text} · {note}" if note else text


class StackBox(MapBox):
    """A layer's maps in one ViewBox, tiled in the columns that make them largest in the box's shape."""

    def __init__(self, theme: Theme, layer: int):
        self._theme, self.layer = theme, layer
        self.maps: list[MapItem] = [MapItem(theme, layer, 0)]
        self._shown = 0
        self._extent = (1, 1)
        super().__init__(self.maps[0])
        self.outline = QGraphicsRectItem()
        self.outline.setZValue(10)
        self.outline.setVisible(False)
        self.addItem(self.outline, ignoreBounds=True)
        self.sigResized.connect(lambda _box: self.tile())

    def shown(self) -> list[MapItem]:
        return self.maps[: self._shown]

    def show_maps(
        self, planes: list[np.ndarray], vector: bool, colours: tuple[bool, tuple[float, float]]
    ) -> None:
        """Show `planes` (2-D each) in one colour scale; more maps than before get new items."""
        diverging, value_range = colours
        while len(self.maps) < len(planes):
            item = MapItem(self._theme, self.layer, len(self.maps))
            self.maps.append(item)
            self.addItem(item)
        for index, item in enumerate(self.maps):
            item.setVisible(index < len(planes))
        for item, plane in zip(self.maps, planes):
            item.vector = vector
            item.set_values(plane, diverging=diverging, value_range=value_range)
        self._shown = len(planes)
        self.tile()

    def tile(self) -> None:
        """Place the maps in the number of columns that gives them the largest cells in this box."""
        if not self._shown:
            return
        rows, cols = self.maps[0].values().shape
        gap = GAP * max(rows, cols)
        step_y, step_x = rows + gap, cols + gap
        width, height = max(self.width(), 1.0), max(self.height(), 1.0)

        def scale(columns: int) -> float:
            lines = math.ceil(self._shown / columns)
            return min(width / (columns * step_x), height / (lines * step_y))

        columns = max(range(1, self._shown + 1), key=scale)
        for index, item in enumerate(self.shown()):
            line, column = divmod(index, columns)
            item.setPos(column * step_x, line * step_y)
        lines = math.ceil(self._shown / columns)
        extent = (math.ceil(lines * step_y - gap), math.ceil(columns * step_x - gap))
        if extent != self._extent:
            self._extent = extent
            self.home()
        self._place_outline()

    def extent(self) -> tuple[int, int]:
        return self._extent

    def mark(self, item: MapItem | None, theme: Theme) -> None:
        """Outline `item`, the chosen map (None: none here)."""
        self._outlined = item
        self.outline.setPen(pg.mkPen(QColor(theme.window_outline), width=3, cosmetic=True))
        self._place_outline()

    def _place_outline(self) -> None:
        item = getattr(self, "_outlined", None)
        self.outline.setVisible(item is not None)
        if item is not None:
            rows, cols = item.values().shape
            margin = 0.03 * max(rows, cols)
            self.outline.setRect(
                QRectF(item.pos().x(), item.pos().y(), cols, rows).adjusted(-margin, -margin, margin, margin)
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
        """`array` (C, H, W) as C maps, or a vector as one map of columns of `piece` elements."""
        self.title.set_text(title)
        if array is self.array:
            return
        self.array = array
        vector = array.ndim == 1
        if vector:
            columns = -(-len(array) // piece)
            padded = np.full(columns * piece, np.nan, dtype=array.dtype)
            padded[: len(array)] = array
            planes = [padded.reshape(columns, piece).T]
            self.box.maps[0].piece, self.box.maps[0].length = piece, len(array)
        else:
            planes = list(array)
        self.box.show_maps(planes, vector, output_colours(array))
        for item in self.box.shown():
            item.name = names[0] if vector else names[item.channel]


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
        self._marked: list[MapItem] = []
        self._width: float | None = None
        self.setSpacing(10)
        self.setContentsMargins(0, 0, 0, 0)

    def maps(self) -> list[list[MapItem]]:
        """The items on show, per stage (0 the input)."""
        return [column.box.shown() for column in self.columns]

    def show(self, maps: tuple[np.ndarray, ...], specs: tuple[LayerSpec, ...]) -> None:
        """Every stage's maps of a pass (the input, then each of `specs`' outputs); a column whose array
        is the one on show stays as it is."""
        count = len(maps)
        while len(self.columns) < count:
            column = LayerColumn(self.theme, len(self.columns))
            column.title.set_color(self.theme.text)
            self.columns.append(column)
            self.addItem(column, row=0, col=column.layer)
        for column in self.columns[count:]:
            self.removeItem(column)
        for column in self.columns[:count]:
            if column not in self.items:
                self.addItem(column, row=0, col=column.layer)
        del self.columns[count:]
        for layer, (column, array) in enumerate(zip(self.columns, maps)):
            spec = "Input" if layer == 0 else f"{layer} · {specs[layer - 1]}"
            title = f"{spec}\n{shape_text(array.shape)}"
            column.show_array(array, title, self._names(maps, specs, layer), vector_piece(maps, specs, layer))
            for item in column.box.shown():
                item.cell_note = self._flat_note(maps, specs, layer, item)
                item.clickable = layer > 0
                self._connect(item)
        if self._width is not None:
            self.fit(self._width)

    def _connect(self, item: MapItem) -> None:
        if getattr(item, "_wired", False):
            return
        item._wired = True
        item.hovered.connect(lambda text, item=item: self.hovered.emit(item, text))
        item.clicked.connect(lambda row, col, item=item: self._chosen(item, row, col))

    def _chosen(self, item: MapItem, row: int, column: int) -> None:
        if item.vector:
            if item.element((row, column)) < item.length:
                self.clicked.emit(item.layer, item.element((row, column)), 0)
        else:
            self.clicked.emit(item.layer, item.channel, row * item.values().shape[1] + column)

    @staticmethod
    def _names(maps, specs, layer: int) -> list[str]:
        array = maps[layer]
        if layer == 0:
            channels = RGB if array.shape[0] == 3 else ("input",)
            return [f"input {name}" for name in channels]
        what = f"layer {layer} ({specs[layer - 1]})"
        return [what] if array.ndim == 1 else [f"{what} map {c}" for c in range(array.shape[0])]

    @staticmethod
    def _flat_note(maps, specs, layer: int, item: MapItem):
        """A flattened vector's element names its map cell; a map that is flattened next names the
        element each cell becomes: the index in both forms."""
        if item.vector and specs[layer - 1].kind == "flatten" and maps[layer - 1].ndim == 3:
            shape = maps[layer - 1].shape
            _, height, width = shape

            def source(cell):
                k = item.element(cell)
                c, h, w = unflat_index(k, shape)
                where = f"({c}·{height} + {h})·{width} + {w} = {k}"
                where = f"({c}·{height} + {h})·{width} + {w} = {k}"
                return f"cell ({c}, {h}, {w}) of the {shape_text(shape)} map: {where}"

            return source
        if not item.vector and layer < len(specs) and specs[layer].kind == "flatten":
            shape = maps[layer].shape
            return lambda cell: f"element {flat_index(item.channel, *cell, shape)} of the flattened vector"
        return None

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        for column in self.columns:
            column.title.set_color(theme.text)
            for item in column.box.maps:
                item.cells.set_theme(theme)

    def fit(self, width: float) -> None:
        """Each column its share of `width`: a layer of maps twice a vector's."""
        self._width = width
        shares = [VECTOR_SHARE if column.box.maps[0].vector else 1.0 for column in self.columns]
        room = width - max(len(shares) - 1, 0) * self.layout.horizontalSpacing()
        for index, share in enumerate(shares):
            self.layout.setColumnFixedWidth(index, max(10.0, room * share / sum(shares)))

    def set_title_size(self, pixels: int, family: str) -> None:
        """Titles at `pixels`, or smaller where a column's longest line would not fit its width."""
        for index, column in enumerate(self.columns):
            width = self.layout.columnMinimumWidth(index)
            longest = max((len(line) for line in column.title.text().split("\n")), default=1)
            column.title.set_pixel_size(fitted_px(pixels, width, longest), family)

    def item(self, layer: int, channel: int) -> MapItem:
        """The item showing map `channel` of stage `layer` (a vector's: the vector)."""
        shown = self.columns[layer].box.shown()
        return shown[0] if shown[0].vector else shown[channel]

    def cell(self, layer: int, channel: int, cell: tuple[int, ...]) -> tuple[MapItem, tuple[int, int]]:
        """Where a value of stage `layer` is drawn: its item and cell there (a vector's element `channel`)."""
        item = self.item(layer, channel)
        return (item, item.cell_of(channel)) if item.vector else (item, tuple(cell))

    def mark(self, timeline: NetworkTimeline, step: NetworkStep) -> None:
        """The chosen map outlined and its value's cell marked; the maps the value reads, their windows
        (or the cell it comes from); input maps another group reads, faded."""
        for item in self._marked:
            item.cells.set_window(None)
            item.cells.set_current(None)
            item.cells.set_chosen(None)
            item.setOpacity(1.0)
        for column in self.columns:
            column.box.mark(None, self.theme)
        chosen, cell = self.cell(timeline.layer, timeline.map.channel, step.out_cell or ())
        self.columns[timeline.layer].box.mark(chosen, self.theme)
        chosen.cells.set_current(cell)
        self._marked = [chosen]
        inputs = self.columns[timeline.layer - 1].box.shown()
        if timeline.in_map.ndim == 3:
            for item in inputs:
                item.setOpacity(1.0 if item.channel in timeline.reads else UNREAD_OPACITY)
            self._marked += inputs
        p = timeline.spec.padding
        windows = [(term, timeline.reads[i]) for i, term in enumerate(step.terms)]
        if step.window is not None:
            windows.append((step.window, timeline.map.channel))
        for window, channel in windows:
            inputs[channel].cells.set_window(window.window - p)
        if step.window is not None and step.window.chosen is not None:
            inputs[timeline.map.channel].cells.set_chosen(tuple(np.subtract(step.window.chosen, p)))
        if step.source is not None:
            channel, *at = step.source
            source, cell = self.cell(timeline.layer - 1, channel, at)
            source.cells.set_current(cell)
            self._marked.append(source)
