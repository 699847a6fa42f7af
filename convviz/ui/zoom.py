"""Ctrl +/-: the pages' text and controls scaled in steps, as a browser zooms a page, no further than the
window or the screen has room for: more would push the window past the screen's edge. The zoom travels
as the tabs' font, which every page and view inherits; views read it back with `zoom_of` to scale the
text they size themselves (titles, formulas, keys, cell labels)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

ZOOM_STEPS = (0.67, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5)
FRAME_ALLOWANCE = 16  # pixels of frame around a page, beyond its own least width


def zoom_of(widget: QWidget) -> float:
    """The zoom `widget` is shown at: its font's size to the application's. A view outside the window
    (a lesson thumbnail, an export) has the application's font, so the window's zoom never reaches it."""
    own, base = widget.font().pointSizeF(), QApplication.font().pointSizeF()
    return own / base if own > 0 and base > 0 else 1.0


class TextZoom:
    """The zoom of a main window's tabs; the window has `tabs` and `current_tab()`."""

    def __init__(self, window: QMainWindow):
        self._window = window
        self._index = ZOOM_STEPS.index(1.0)
        self._base_point_size = window.font().pointSizeF()

    def step(self, direction: int) -> str:
        """Zoom in (+1), out (-1) or back to 100% (0); returns what to tell the user."""
        previous = self._index
        self._set(
            ZOOM_STEPS.index(1.0)
            if direction == 0
            else min(max(self._index + direction, 0), len(ZOOM_STEPS) - 1)
        )
        window = self._window
        room = max(window.width(), window.screen().availableGeometry().width())
        if self._index > previous and self._needed_width() > room:
            self._set(previous)
            return f"Zoom {ZOOM_STEPS[self._index]:.0%}, the most this screen has room for"
        return f"Zoom {ZOOM_STEPS[self._index]:.0%}"

    def _needed_width(self) -> int:
        """The least window width the current page needs, with room for the tab widget's and the
        window's frames."""
        window, tab = self._window, self._window.current_tab()
        return window.width() - tab.width() + tab.least_width() + FRAME_ALLOWANCE if tab else 0

    def _set(self, index: int) -> None:
        self._index = index
        tabs = self._window.tabs
        font = tabs.font()
        font.setPointSizeF(self._base_point_size * ZOOM_STEPS[index])
        tabs.setFont(font)
