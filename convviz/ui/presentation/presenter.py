"""Presentation mode: the scene fills the screen in large type and a clicker drives it.

F5 (a window action) enters; while presenting, the keys below work whatever has focus, because an
application event filter takes them before any widget or shortcut does. Leaving puts back exactly what
entering changed: the window state and geometry, the chrome it hid, the page controls and the focus."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QToolBar, QWidget

from convviz.scene.lessons import load_lessons
from convviz.scene.model import PAGES
from convviz.ui.theme import THEMES, Theme

from .overlays import BlankScreen, StepBadge
from .pen import PenOverlay

if TYPE_CHECKING:
    from convviz.ui.tab import BrowserTab
    from convviz.ui.window import MainWindow

Key = Qt.Key
LESSON_KEYS = {getattr(Key, f"Key_{n}"): n for n in range(1, 10)}
MODIFIER_KEYS = {Key.Key_Shift, Key.Key_Control, Key.Key_Alt, Key.Key_Meta, Key.Key_AltGr}
KEY_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)


@dataclass
class _Before:
    """What entering changed, to put back on leaving."""

    state: Qt.WindowState
    geometry: QRect
    chrome: list[tuple[QWidget, bool]]  # each hidden widget and whether it was hidden already
    focus: QWidget | None


class Presenter(QObject):
    """Presentation mode of one MainWindow. The window calls `follow(tab)` whenever it shows another
    tab, page or step, and `set_theme` when the theme changes."""

    def __init__(self, window: MainWindow, theme: Theme):
        super().__init__(window)
        self._window = window
        self._before: _Before | None = None
        self._shown: tuple | None = None  # (tab, scene) last followed: a new one clears the pen
        self._lessons = [lesson.scene for lesson in load_lessons(pages=PAGES)]
        stage = window.tabs  # the pages' area; with the tab bar hidden, all of it
        self.pen = PenOverlay(stage, theme)
        self.badge = StepBadge(stage, theme)
        self.blank = BlankScreen(stage)
        self.blank.clicked.connect(lambda: self.set_blank(False))
        for overlay in (self.pen, self.badge):
            overlay.hide()
        self._keys: dict[Qt.Key, Callable[[], None]] = {
            Key.Key_PageDown: self.next,
            Key.Key_Right: self.next,
            Key.Key_Down: self.next,
            Key.Key_PageUp: lambda: self._drive("previous"),
            Key.Key_Left: lambda: self._drive("previous"),
            Key.Key_Up: lambda: self._drive("previous"),
            Key.Key_Space: lambda: self._drive("toggle"),
            Key.Key_Home: lambda: self._drive("first"),
            Key.Key_End: lambda: self._drive("last"),
            Key.Key_B: lambda: self.set_blank(True),
            Key.Key_Period: lambda: self.set_blank(True),  # what many clickers' "blank" button sends
            Key.Key_C: self.pen.clear,
            Key.Key_T: self.next_theme,
            Key.Key_Escape: self.leave,
            Key.Key_F5: lambda: None,  # a clicker's present button, pressed again: stay
            **{key: (lambda n=n: self.open_lesson(n)) for key, n in LESSON_KEYS.items()},
        }

    @property
    def presenting(self) -> bool:
        return self._before is not None

    # ------------------------------------------------------------ enter, leave
    def enter(self) -> None:
        if self.presenting:
            return
        window = self._window
        chrome = [
            *window.findChildren(QToolBar, options=Qt.FindChildOption.FindDirectChildrenOnly),
            window.statusBar(),
            window.tabs.tabBar(),
        ]
        self._before = _Before(
            window.windowState(),
            window.geometry(),
            [(widget, widget.isHidden()) for widget in chrome],
            QApplication.focusWidget(),
        )
        for widget in chrome:
            widget.hide()
        QApplication.instance().installEventFilter(self)
        window.showFullScreen()
        self._shown = None
        self.follow(window.current_tab())
        self._place()

    def leave(self) -> None:
        if not self.presenting:
            return
        before, self._before = self._before, None
        window = self._window
        QApplication.instance().removeEventFilter(self)
        for overlay in (self.pen, self.badge, self.blank):
            overlay.hide()
        self.pen.clear()
        for index in range(window.tabs.count()):
            window.tabs.widget(index).set_presenting(False)
        for widget, hidden in before.chrome:
            widget.setHidden(hidden)
        window.setWindowState(before.state)
        if not before.state & (Qt.WindowState.WindowFullScreen | Qt.WindowState.WindowMaximized):
            window.setGeometry(before.geometry)
        if before.focus is not None and shiboken6.isValid(before.focus) and before.focus.isVisible():
            before.focus.setFocus()

    def set_theme(self, theme: Theme) -> None:
        self.pen.set_theme(theme)
        self.badge.set_theme(theme)

    def follow(self, tab: BrowserTab | None) -> None:
        """The window shows another tab, page or step: present it, clear the pen, show the step."""
        if not self.presenting or tab is None:
            return
        tab.set_presenting(True)
        shown = (tab, tab.scene)
        if shown != self._shown:
            self._shown = shown
            self.pen.clear()
        player = tab.page.player
        self.pen.setVisible(player is not None)  # on the start page, clicks open lessons
        self.badge.setVisible(player is not None)
        if player is not None:
            self.badge.show_step(player.model.step, player.model.count)

    def _place(self) -> None:
        """Cover the stage (the tab bar hidden, the pages' whole area); on entering and on resizes only:
        raising a widget repaints everything beneath it."""
        stage = self._window.tabs.rect()
        for overlay in (self.pen, self.blank):
            overlay.setGeometry(stage)
        self.badge.place()
        for overlay in (self.pen, self.badge, self.blank):
            overlay.raise_()

    # ------------------------------------------------------------------ keys
    def next(self) -> None:
        """On the start page, the clicker's next button opens the first lesson."""
        if self._window.current_tab().page.player is None:
            self.open_lesson(1)
        else:
            self._drive("next")

    def _drive(self, move: str) -> None:
        player = self._window.current_tab().page.player
        if player is not None:
            getattr(player.model, move)()

    def open_lesson(self, number: int) -> None:
        """Lesson `number` of the start page, in this tab, still presenting."""
        if 1 <= number <= len(self._lessons):
            self._window.open_scene(self._lessons[number - 1])

    def next_theme(self) -> None:
        """The room turned out brighter than the projector: try the next theme without leaving."""
        names = list(THEMES)
        following = names[(names.index(self._window.theme.name) + 1) % len(names)]
        self._window.choose_theme(THEMES[following])

    def set_blank(self, blank: bool) -> None:
        self.blank.setVisible(blank)
        self.blank.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Resize and watched is self._window.tabs:
            self._place()
        elif kind in KEY_EVENTS and self._in_window(watched):
            return self._key(event)
        return False

    def _in_window(self, watched: QObject) -> bool:
        if isinstance(watched, QWidget):
            return watched.window() is self._window
        return watched is self._window.windowHandle()

    def _key(self, event: QKeyEvent) -> bool:
        """Take the presentation keys (ShortcutOverride too, so no shortcut claims them first); while
        the screen is blank, take every key and let the first one bring the scene back."""
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if self.blank.isVisible():
            if event.type() == QEvent.Type.KeyPress and event.key() not in MODIFIER_KEYS:
                self.set_blank(False)
        elif modifiers or event.key() not in self._keys:
            return False  # Ctrl+W, Alt+Left, ... keep working
        elif event.type() == QEvent.Type.KeyPress:
            self._keys[event.key()]()
        event.accept()
        return True
