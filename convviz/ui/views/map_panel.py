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
    the ones that stay."""

    def __init__(self, panels: tuple[MapPanel, ...], spacing: float = 12):
        super().__init__()
        self.panels = panels
        self._layout = QGraphicsGridLayout()
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setHorizontalSpacing(spacing)
        self.setLayout(self._layout)
        self._shares: dict[MapPanel, float] = {}
        for panel in panels:
            panel.setParentItem(self)
        self.show_only({panel: 1.0 for panel in panels})

    def shares(self) -> dict[MapPanel, float]:
        return dict(self._shares)

    def show_only(self, shares: dict[MapPanel, float]) -> None:
        """Show the panels in `shares`, in the row's order, each that share of the width once the row
        is fit to one."""
        ordered = {panel: shares[panel] for panel in self.panels if panel in shares}
        if ordered == self._shares:
            return
        while self._layout.count():
            self._layout.removeAt(0)
        for panel in self.panels:
            panel.setVisible(panel in ordered)
        for column, panel in enumerate(ordered):
            self._layout.addItem(panel, 0, column)
        self._shares = ordered

    def fit(self, width: float) -> None:
        """The shown panels' columns, their shares of `width`."""
        gaps = max(len(self._shares) - 1, 0) * self._layout.horizontalSpacing()
        total = sum(self._shares.values()) or 1.0
        for column in range(len(self.panels)):
            self._layout.setColumnFixedWidth(column, 0.0)
        for column, share in enumerate(self._shares.values()):
            self._layout.setColumnFixedWidth(column, max(10.0, (width - gaps) * share / total))
