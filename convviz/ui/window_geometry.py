"""The window's size and place between runs, as JSON: {"x", "y", "width", "height", "maximized"}.

A saved place that no screen shows any more (the projector it was on is unplugged) is ignored, so the
window never opens where nobody can see or reach it."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow

GEOMETRY_FILE = "window.json"
DEFAULT_SIZE = (1440, 900)
SIDE_RANGE = (200, 16384)  # pixels; a saved width or height outside this is not a window's
VISIBLE = (160, 40)  # at least this much of the window's top edge must be on a screen to grab it


def geometry_to_json(window: QMainWindow, opened_from=None) -> dict:
    """Where the window is; maximized or full screen, the place it returns to. A window maximized
    since it opened has never had a normal place of its own (Qt reports none): the place it opened
    from, `opened_from` (what apply_geometry was given), is kept instead."""
    unusual = window.isMaximized() or window.isFullScreen()
    rect = window.normalGeometry() if unusual else window.geometry()
    if not rect.isValid():
        rect = _rect(opened_from) or QRect(0, 0, *DEFAULT_SIZE)
    return {
        "x": rect.x(),
        "y": rect.y(),
        "width": rect.width(),
        "height": rect.height(),
        "maximized": window.isMaximized(),
    }


def apply_geometry(window: QMainWindow, data) -> bool:
    """Put the window where `data` says, if that is on a screen; else give it the default size.
    True when the saved place was used."""
    rect = _rect(data)
    if rect is None or not _reachable(rect):
        window.resize(*DEFAULT_SIZE)
        return False
    window.setGeometry(rect)
    if data.get("maximized") is True:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    return True


def _rect(data) -> QRect | None:
    if not isinstance(data, dict):
        return None
    values = [data.get(key) for key in ("x", "y", "width", "height")]
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return None
    x, y, width, height = values
    low, high = SIDE_RANGE
    if not (low <= width <= high and low <= height <= high and abs(x) <= high and abs(y) <= high):
        return None
    return QRect(x, y, width, height)


def _reachable(rect: QRect) -> bool:
    """Some screen shows enough of the window's top edge to drag it by."""
    top = QRect(rect.x(), rect.y(), rect.width(), VISIBLE[1])
    for screen in QGuiApplication.screens():
        seen = screen.availableGeometry().intersected(top)
        if seen.width() >= min(VISIBLE[0], rect.width()) and seen.height() >= VISIBLE[1]:
            return True
    return False
