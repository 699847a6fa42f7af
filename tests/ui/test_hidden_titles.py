"""A map hidden while the view resizes (a Backprop phase that does not show it) gets its title back at
the new size when it is shown again: a title's height follows its own visibility, not its map's."""

import numpy as np
import pyqtgraph as pg

from convviz.ui.theme import DEFAULT
from convviz.ui.views.map_panel import MapPanel, PanelRow


def test_a_title_resized_while_its_map_was_hidden_has_its_height_when_shown(qtbot):
    canvas = pg.GraphicsLayoutWidget()
    qtbot.addWidget(canvas)
    first, second = MapPanel("dL/dY", DEFAULT), MapPanel("dL/dZ", DEFAULT)
    row = PanelRow((first, second))
    canvas.ci.addItem(row)
    for panel in (first, second):
        panel.set_values(np.zeros((3, 3), np.float32))
    row.show_only({first: 1.0})  # a phase that shows dL/dY only
    second.set_text_size(30, 14, DEFAULT.font_family)  # the window went full screen meanwhile
    row.show_only({first: 1.0, second: 1.0})
    assert second.title.maximumHeight() > 30 and second.title.minimumHeight() > 30
