"""One map of a view as laid out in its canvas: the title above, the map in its own ViewBox, its colour
key to the right. Views build their pictures from these."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsGridLayout

from convviz.ui.theme import Theme
from convviz.ui.views.canvas_items import ColorKeyItem, TextItem
from convviz.ui.views.grid_item import GridItem, MapBox


class MapPanel(pg.GraphicsLayout):
    def __init__(self, name: str, theme: Theme):
        super().__init__()
        self.grid = GridItem(theme, name)
        self.box = MapBox(self.grid)
        self.title = TextItem(bold=True, centred=True)
        self.title.set_text(name)
        self.key = ColorKeyItem(self.box, theme)
        self.setSpacing(0)
        self.setContentsMargins(0, 0, 0, 0)
        self.addItem(self.title, row=0, col=0, colspan=2)
        self.addItem(self.box, row=1, col=0)
        self.addItem(self.key, row=1, col=1)
        self.set_theme(theme)

    def show_key(self, shown: bool) -> None:
        """The colour key beside the map, or none, its room given to the map (a view of many small
        maps leaves their exact values to the hover read-out)."""
        if shown == self.key.isVisible():
            return
        if shown:
            self.layout.addItem(self.key, 1, 1)
        else:
            self.layout.removeItem(self.key)
        self.key.setVisible(shown)

    def set_title(self, title: str) -> None:
        self.title.set_text(title)
        self.grid.name = title

    def set_values(
        self, values: np.ndarray, *, diverging: bool = False, value_range: tuple[float, float] | None = None
    ) -> None:
        """New values; the key follows their range, and a map of a new shape is shown whole."""
        self.grid.set_values(values, diverging=diverging, value_range=value_range)
        self.key.refit()
        self.box.fit()

    def set_theme(self, theme: Theme) -> None:
        self.grid.cells.set_theme(theme)
        self.key.set_theme(theme)
        self.title.set_color(theme.text)

    def set_text_size(self, title_px: int, key_px: int, family: str) -> None:
        self.title.set_pixel_size(title_px, family)
        self.key.set_pixel_size(key_px)


class PanelRow(pg.GraphicsWidget):
    """Map panels side by side, each a fixed share of the row's width; a row shows some of its panels
    (the others hidden, taking no room), so a view whose maps change from step to step never moves
    the ones that stay. Shown `per_row` at a time, the panels wrap onto further rows, the columns as
    wide as the first row's shares."""

    def __init__(self, panels: tuple[MapPanel, ...], spacing: float = 12):
        super().__init__()
        self.panels: tuple[MapPanel, ...] = ()
        self._spacing = spacing
        # the one grid, for good: PySide keeps no track of a replaced one
        self._layout = QGraphicsGridLayout()
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setVerticalSpacing(spacing)
        self.setLayout(self._layout)
        self._shares: dict[MapPanel, float] = {}
        self._per_row: int | None = None
        self._width: float | None = None  # what the last `fit` was given
        self.add(panels)
        self.show_only({panel: 1.0 for panel in panels})

    def add(self, panels: tuple[MapPanel, ...]) -> None:
        """More panels, after those there are, hidden until shown."""
        for panel in panels:
            panel.setParentItem(self)
            panel.setVisible(False)
        self.panels = (*self.panels, *panels)

    def shares(self) -> dict[MapPanel, float]:
        return dict(self._shares)

    def show_only(self, shares: dict[MapPanel, float], per_row: int | None = None) -> None:
        """Show the panels in `shares`, in the row's order, each that share of the width once the row
        is fit to one; `per_row` of them to a row (None: all in one)."""
        ordered = {panel: shares[panel] for panel in self.panels if panel in shares}
        if ordered == self._shares and per_row == self._per_row:
            return
        while self._layout.count():
            self._layout.removeAt(0)
        for panel in self.panels:
            panel.setVisible(panel in ordered)
        for index, panel in enumerate(ordered):
            row, column = divmod(index, per_row) if per_row else (0, index)
            self._layout.addItem(panel, row, column)
        self._shares, self._per_row = ordered, per_row
        if self._width is not None:
            self.fit(self._width)

    def column_width(self) -> float:
        """The first column's width, as the last `fit` set it (0 before)."""
        return self._layout.columnMinimumWidth(0) if self._shares else 0.0

    def fit(self, width: float) -> None:
        """The shown panels' columns, their shares of `width`."""
        self._width = width
        columns = list(self._shares.values())[: self._per_row or None]
        gaps = max(len(columns) - 1, 0) * self._spacing
        total = sum(columns) or 1.0
        for column in range(len(columns), len(self.panels)):  # columns once used, now empty: no room
            self._layout.setColumnFixedWidth(column, 0.0)
            self._layout.setColumnSpacing(column, 0.0)
        for column, share in enumerate(columns):
            self._layout.setColumnFixedWidth(column, max(10.0, (width - gaps) * share / total))
            self._layout.setColumnSpacing(column, self._spacing if column < len(columns) - 1 else 0.0)
