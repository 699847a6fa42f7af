"""Reusable views and editors the pages are built from; each draws NumPy arrays and emits signals."""

from convviz.ui.widgets.canvas import DrawingCanvas
from convviz.ui.widgets.grid_view import GridView, format_value
from convviz.ui.widgets.kernel_editor import KernelEditor
from convviz.ui.widgets.player import PlayerBar, PlayerModel

__all__ = [
    "DrawingCanvas",
    "GridView",
    "KernelEditor",
    "PlayerBar",
    "PlayerModel",
    "format_value",
]
