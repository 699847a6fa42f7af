"""What Qt repaints when a mark moves is the grid item's bounding rect: every pixel the window's outline
paints must lie inside it, or a window leaving the map's edge leaves a line of its outline behind."""

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QSize

from convviz.timeline.window import window_cells
from convviz.ui.render import prepare_offscreen, render
from convviz.ui.theme import DEFAULT
from convviz.ui.views.map_panel import MapPanel


def pixels(image) -> np.ndarray:
    array = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return array[:, : image.width() * 4].reshape(image.height(), image.width(), 4).copy()


@pytest.mark.parametrize("side", [600, 120])  # large cells (thick outline) and small ones (2 px rim)
def test_an_edge_windows_outline_stays_inside_the_items_bounds(qtbot, side):
    canvas = pg.GraphicsLayoutWidget()
    qtbot.addWidget(canvas)
    panel = MapPanel("Input", DEFAULT)
    canvas.ci.addItem(panel)
    prepare_offscreen(canvas, QSize(side, side))
    panel.set_values(np.arange(16, dtype=np.float32).reshape(4, 4))
    before = pixels(render(canvas))
    panel.grid.cells.set_window(window_cells((0, 2), (2, 2), (1, 1)))  # the top-right corner
    after = pixels(render(canvas))
    rows, cols = np.nonzero((before != after).any(axis=-1))
    assert rows.size, "the window was drawn"
    bounds = canvas.mapFromScene(panel.grid.sceneBoundingRect()).boundingRect()
    bounds.translate(canvas.viewport().mapTo(canvas, QPoint(0, 0)))
    outside = [(x, y) for y, x in zip(rows, cols) if not bounds.contains(QPoint(int(x), int(y)))]
    assert not outside, f"{len(outside)} pixels of the outline outside {bounds}, e.g. {outside[:3]}"
