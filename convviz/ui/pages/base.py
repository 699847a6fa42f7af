"""What every page of the explorer offers the tab that hosts it, and what pages share to lay out."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QScrollArea, QWidget

from convviz.scene.base import PageScene
from convviz.ui.theme import Theme
from convviz.ui.widgets.player import PlayerBar


class Page(QWidget):
    """A page shows one scene and turns the user's edits into new scenes; it never owns history.

    edited(scene, final): the user changed the scene; `final` is False while a drag or stroke is still
    going (the tab coalesces those into one history entry). stepped(scene): only the animation step
    moved (the tab updates the current entry in place). open_link(text): the page asks to navigate.
    Either way the tab records the scene and hands it back through `show_scene`: one path for every
    change, so what is shown is always what the link says."""

    kind = ""  # the scene page this class shows: "start", "conv", ...
    player: PlayerBar | None = None  # the page's animation controls, if it has an animation

    edited = Signal(object, bool)
    stepped = Signal(object)
    open_link = Signal(str)

    def show_scene(self, scene: PageScene) -> None:
        raise NotImplementedError

    def title(self) -> str:
        raise NotImplementedError

    def stop(self) -> None:
        """Stop anything running (animation timers) before the page is hidden or destroyed."""

    def set_theme(self, theme: Theme) -> None:
        """Draw the page's views in `theme`; standard controls follow the window's palette."""

    def set_presenting(self, presenting: bool) -> None:
        """Presentation mode: hide the editing controls, let what the page shows fill it in large type;
        False puts everything back as it was."""


def scroll_chrome_width(scroll: QScrollArea) -> int:
    """The width a scroll area's frame and vertical scroll bar take from its contents."""
    return 2 * scroll.frameWidth() + scroll.verticalScrollBar().sizeHint().width()
