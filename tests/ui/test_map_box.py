"""A map shown whole sits at the top of its box, right under its title, whatever the box's shape; the
room its aspect leaves over goes below. A resize shows it whole again, unless the user has zoomed."""

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QSize

from convviz.ui.render import prepare_offscreen
from convviz.ui.theme import DEFAULT
from convviz.ui.views.map_panel import MapPanel


def panel_shown(qtbot, name: str, size: QSize):
    """A map panel alone on a canvas of `size`, laid out offscreen: (canvas, panel)."""
    canvas = pg.GraphicsLayoutWidget()
    qtbot.addWidget(canvas)
    panel = MapPanel(name, DEFAULT)
    canvas.ci.addItem(panel)
    prepare_offscreen(canvas, size)
    return canvas, panel


def map_top_and_box_top(panel) -> tuple[float, float]:
    top = panel.grid.mapToScene(QPointF(0, 0)).y()
    return top, panel.box.sceneBoundingRect().top()


def test_a_wide_map_in_a_tall_box_sits_under_its_title_and_stays_there_when_resized(qtbot):
    canvas, panel = panel_shown(qtbot, "Output", QSize(400, 700))
    panel.set_values(np.zeros((2, 8), np.float32))  # much wider than the box is
    top, box_top = map_top_and_box_top(panel)
    assert 0 <= top - box_top <= 0.05 * panel.box.height()
    (x0, x1), _ = panel.box.viewRange()
    assert x0 <= 0 and x1 >= 8  # still shown whole
    canvas.resize(500, 800)
    qtbot.wait(10)
    top, box_top = map_top_and_box_top(panel)
    assert 0 <= top - box_top <= 0.05 * panel.box.height()


def test_a_resize_keeps_the_users_zoom(qtbot):
    canvas, panel = panel_shown(qtbot, "Input", QSize(500, 500))
    panel.set_values(np.zeros((20, 20), np.float32))
    panel.box.scaleBy((0.25, 0.25))  # as the wheel does
    panel.box.sigRangeChangedManually.emit(panel.box.state["mouseEnabled"])
    zoomed = panel.box.viewRange()[0][1] - panel.box.viewRange()[0][0]
    canvas.resize(520, 520)
    qtbot.wait(10)
    width = panel.box.viewRange()[0][1] - panel.box.viewRange()[0][0]
    assert width < 10 and abs(width - zoomed) < 0.2 * zoomed
