"""One map of a view as laid out in its canvas: the title above, the map in its own ViewBox, its colour
key to the right. Views build their pictures from these."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

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
