"""The Network page's table of layers: each layer's shape change, what it learns and what it costs, and
the totals, as text items of the view's scene (so exports keep them as text)."""

from __future__ import annotations

import pyqtgraph as pg

from convviz.timeline.network import NetworkTimeline
from convviz.ui.views.canvas_items import TextItem

LINE_SPACING = 1.3  # a row's height per pixel of font size, about
CHARACTER_ADVANCE = 0.66  # a character's width per pixel of font size, about, in DejaVu Sans (bold header)
HEADER = ("Layer", "Shape", "Parameters", "Multiply-adds")


def table_rows(timeline: NetworkTimeline) -> list[tuple[str, str, str, str]]:
    """The header, one row per layer (its edge "(1, 28, 28) → (6, 28, 28)"), and the totals."""
    rows = [HEADER]
    for fact in timeline.facts:
        rows.append(
            (f"{fact.layer} {fact.spec}", fact.edge, f"{fact.parameters:,}", f"{fact.multiply_adds:,}")
        )
    rows.append(("Total", "", f"{timeline.total_parameters:,}", f"{timeline.total_multiply_adds:,}"))
    return rows


class LayerTable(pg.GraphicsLayout):
    """Rows of text in four columns; rows are made as a longer stack needs them and hidden after."""

    SHARES = (0.25, 0.37, 0.17, 0.21)

    def __init__(self):
        super().__init__()
        self.setSpacing(0)
        self.setContentsMargins(0, 0, 0, 0)
        self.cells: list[list[TextItem]] = []
        self._pixels, self._family = 12, "DejaVu Sans"
        self._rows = 0  # rows shown
        self._width, self._height = 400.0, 400.0  # the room the text fits

    def show(self, rows: list[tuple[str, ...]]) -> None:
        while len(self.cells) < len(rows):
            line = [TextItem(bold=not self.cells) for _ in HEADER]
            for column, item in enumerate(line):
                item.set_pixel_size(self._pixels, self._family)
                item.setVisible(False)
                self.addItem(item, row=len(self.cells), col=column)
            self.cells.append(line)
        for index, line in enumerate(self.cells):
            texts = rows[index] if index < len(rows) else ("",) * len(HEADER)
            for item, text in zip(line, texts):
                item.set_text(text)
                if (index < len(rows)) != (index < self._rows):  # a row shown or hidden relays the table out
                    item.setVisible(index < len(rows))
        self._rows = len(rows)
        self._fit_text()

    def texts(self) -> list[tuple[str, ...]]:
        """What the shown rows say."""
        return [tuple(item.text() for item in line) for line in self.cells[: self._rows]]

    def set_pixel_size(self, pixels: int, family: str, height: float) -> None:
        """Text at `pixels`, or smaller where the rows would not fit `height` or a column its width."""
        self._pixels, self._family, self._height = pixels, family, height
        self._fit_text()

    def _fit_text(self) -> None:
        pixels = min(self._pixels, int(self._height / (LINE_SPACING * max(self._rows, 1))))
        for column, share in enumerate(self.SHARES):
            longest = max((len(line[column].text()) for line in self.cells[: self._rows]), default=1)
            pixels = min(pixels, int(self._width * share / (CHARACTER_ADVANCE * max(longest, 1))))
        for line in self.cells:
            for item in line:
                item.set_pixel_size(max(pixels, 8), self._family)

    def set_color(self, color: str) -> None:
        for line in self.cells:
            for item in line:
                item.set_color(color)

    def fit(self, width: float) -> None:
        self._width = width
        for column, share in enumerate(self.SHARES):
            self.layout.setColumnFixedWidth(column, max(10.0, width * share))
        self._fit_text()
