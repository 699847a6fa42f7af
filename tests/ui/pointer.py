"""Pointing at a cell of a map the way a person does, for the view tests."""

from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest


def hover(view, grid, i, j) -> list[str]:
    """Move the pointer onto cell (i, j) of `grid`; what the view's read-out said meanwhile."""
    said = []
    view.hovered.connect(said.append)
    QTest.mouseMove(view.viewport(), view.mapFromScene(grid.mapToScene(QPointF(j + 0.5, i + 0.5))))
    view.hovered.disconnect(said.append)
    return said


def click(view, grid, i, j) -> None:
    """A single left click on cell (i, j) of `grid`."""
    point = view.mapFromScene(grid.mapToScene(QPointF(j + 0.5, i + 0.5)))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
