"""What items joining maps in different ViewBoxes share (Backprop's arrows between cells, the
Receptive-field page's lines between field boxes): one item in the view's QGraphicsScene, drawn again
whenever one of the boxes it joins zooms, pans or resizes, from where the maps are now."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from convviz.ui.views.grid_item import GridItem


def follow_boxes(grids: Iterable[GridItem], redraw: Callable[..., None]) -> None:
    """Call `redraw` whenever the box of one of `grids` zooms, pans or resizes."""
    for grid in grids:
        box = grid.getViewBox()
        box.sigTransformChanged.connect(redraw)
        box.sigResized.connect(redraw)


def bring_up_to_date(grids: Iterable[GridItem]) -> None:
    """The boxes' transforms as they are now: pyqtgraph defers them to the next paint, and a joining
    item is drawn for now."""
    for grid in grids:
        grid.getViewBox().updateMatrix()
