"""Pointing at a cell of a map, or dropping on a page, the way a person does, for the UI tests."""

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest


def point_of(view, grid, i, j) -> QPoint:
    """Where cell (i, j) of a map is in the view's viewport."""
    return view.mapFromScene(grid.mapToScene(QPointF(j + 0.5, i + 0.5)))


def hover(view, grid, i, j) -> list[str]:
    """Move the pointer onto cell (i, j) of `grid`; what the view's read-out said meanwhile."""
    said = []
    view.hovered.connect(said.append)
    QTest.mouseMove(view.viewport(), point_of(view, grid, i, j))
    view.hovered.disconnect(said.append)
    return said


def click(view, grid, i, j) -> None:
    """A single left click on cell (i, j) of `grid`."""
    QTest.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point_of(view, grid, i, j)
    )


def drop(page, mime) -> None:
    """`mime` dropped on `page` as a person lets go of a drag (a copy, with the left button)."""
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.dropEvent(event)
