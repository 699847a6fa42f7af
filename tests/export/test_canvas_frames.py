"""A pyqtgraph canvas, the one widget of every view, through the render path of exports and screenshots."""

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGraphicsRectItem

from convviz.export.frames import rgb_array
from convviz.ui.render import prepare_offscreen_scaled, render_scaled


def test_a_pyqtgraph_canvas_renders_as_pixels_at_the_size_asked(qtbot):
    canvas = pg.GraphicsLayoutWidget()  # a QGraphicsView, whose own render() takes other arguments
    qtbot.addWidget(canvas)
    canvas.setBackground("#336699")
    box = canvas.addViewBox()
    box.addItem(QGraphicsRectItem(0, 0, 5, 3))
    prepare_offscreen_scaled(canvas, QSize(320, 200))
    pixels = rgb_array(render_scaled(canvas, QSize(320, 200)))
    assert pixels.shape == (200, 320, 3)
    assert tuple(pixels[2, 2]) == QColor("#336699").getRgb()[:3]  # the canvas drew itself
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 1  # and its item on it
