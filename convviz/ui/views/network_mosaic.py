"""One layer of the Network strip as one map item: its channels tiled in `columns` with empty cells
between them (a vector: its elements in columns of `piece`, read down then across). One item a layer,
not one a channel, so an edit that changes a hundred maps repaints a dozen items; every cell still says
which channel, row and column (or element) it is, and the marks land on the map they mean."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QRectF

from convviz.ui.theme import Theme
from convviz.ui.views.grid_item import GridItem, exact_text

GAP = 0.2  # between the maps of a layer, in map sides (at least one cell)

Place = tuple[int, ...]  # (channel, row, column) in a layer of maps, (element,) in a vector


class MosaicItem(GridItem):
    """A layer's output (`layer` 0 the input) as one grid. `cell_note(place)`, when set, adds to what
    the read-out says of a place (the flattened index of a map cell, the map cell of an element)."""

    def __init__(self, theme: Theme, layer: int):
        super().__init__(theme, "")
        self.layer = layer
        self.names: list[str] = []  # each channel's name, or the vector's
        self.array = np.zeros((1, 1, 1), np.float32)
        self.piece = 1  # a vector's elements per column
        self.columns = 1  # maps side by side
        self.place_note = None
        self.cells.empty_role = "background"  # the gaps between maps are no cells
        self._colours: tuple[bool, tuple[float, float]] = (False, (0.0, 1.0))

    @property
    def vector(self) -> bool:
        return self.array.ndim == 1

    @property
    def gap(self) -> int:
        return 0 if self.vector else max(1, round(GAP * max(self.array.shape[1:])))

    def count(self) -> int:
        """The maps tiled (a vector's columns)."""
        return math.ceil(len(self.array) / self.piece) if self.vector else self.array.shape[0]

    def tile_shape(self) -> tuple[int, int]:
        """One tile's rows and columns (a vector's column: `piece` x 1)."""
        return (self.piece, 1) if self.vector else self.array.shape[1:]

    def show(self, array: np.ndarray, piece: int, colours: tuple[bool, tuple[float, float]]) -> None:
        self.array, self.piece, self._colours = array, piece, colours
        self._fill()

    def set_columns(self, columns: int) -> bool:
        """Tile the maps in `columns`; whether that moved them."""
        if columns == self.columns:
            return False
        self.columns = columns
        self._fill()
        return True

    def _fill(self) -> None:
        """The grid of the tiles, NaN between them and after a vector's last element."""
        (rows, cols), gap = self.tile_shape(), self.gap
        if self.vector:
            grid = np.full(self.count() * rows, np.nan, np.float32)
            grid[: len(self.array)] = self.array
            grid = grid.reshape(-1, rows).T
        else:
            columns = min(self.columns, self.count())
            lines = math.ceil(self.count() / columns)
            grid = np.full((lines * (rows + gap) - gap, columns * (cols + gap) - gap), np.nan, np.float32)
            for channel, plane in enumerate(self.array):
                top, left = self.origin(channel)
                grid[top : top + rows, left : left + cols] = plane
        diverging, value_range = self._colours
        self.set_values(grid, diverging=diverging, value_range=value_range)

    # -------------------------------------------------------------- places
    def origin(self, channel: int) -> tuple[int, int]:
        """The grid cell of a map's (row 0, column 0)."""
        (rows, cols), gap = self.tile_shape(), self.gap
        line, column = divmod(channel, min(self.columns, self.count()))
        return line * (rows + gap), column * (cols + gap)

    def cell_of(self, place: Place) -> tuple[int, int]:
        """Where a place is drawn in the grid."""
        if self.vector:
            return place[0] % self.piece, place[0] // self.piece
        top, left = self.origin(place[0])
        return top + place[1], left + place[2]

    def place_at(self, cell: tuple[int, int]) -> Place | None:
        """The place a grid cell draws; None for a gap or past a vector's end."""
        if self.vector:
            element = cell[1] * self.piece + cell[0]
            return (element,) if element < len(self.array) else None
        (rows, cols), gap = self.tile_shape(), self.gap
        line, row = divmod(cell[0], rows + gap)
        column, col = divmod(cell[1], cols + gap)
        channel = line * min(self.columns, self.count()) + column
        if row >= rows or col >= cols or channel >= self.count():
            return None
        return channel, row, col

    def plane(self, channel: int) -> np.ndarray:
        """Map `channel` as drawn (a vector: every element, in order)."""
        values = self.values()
        if self.vector:
            return np.array([values[self.cell_of((k,))] for k in range(len(self.array))])
        (rows, cols), (top, left) = self.tile_shape(), self.origin(channel)
        return values[top : top + rows, left : left + cols]

    def map_rect(self, channel: int) -> QRectF:
        """Map `channel`'s cells, in the item's units (a vector: all of it)."""
        if self.vector:
            return self.cells_rect()
        (rows, cols), (top, left) = self.tile_shape(), self.origin(channel)
        return QRectF(left, top, cols, rows)

    def describe(self, cell: tuple[int, int]) -> str:
        place = self.place_at(cell)
        if place is None:
            return ""
        value = exact_text(float(self.values()[cell]))
        if self.vector:
            text = f"{self.names[0]}: element {place[0]} = {value}"
        else:
            text = f"{self.names[place[0]]}: row {place[1]}, column {place[2]} = {value}"
        note = self.place_note(place) if self.place_note else ""
        return f"{text} · {note}" if note else text
