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
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QToolBar, QWidget

from convviz.scene.history import History
from convviz.scene.lessons import load_lessons
from convviz.scene.scenes import OPEN_PAGES
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
        self._lessons = load_lessons(pages=OPEN_PAGES)
        stage = window.tabs  # the pages' area; with the tab bar hidden, all of it
        self.pen = PenOverlay(stage, theme)
        self.badge = StepBadge(stage, theme)
        self.blank = BlankScreen(stage)
        self.blank.clicked.connect(lambda: self.set_blank(False))
        for overlay in (self.pen, self.badge):
            overlay.hide()
        bindings = self._bindings()
        self._keys: dict[Qt.Key, Callable[[], None]] = {
            key: action for _, keys, action in bindings for key in keys
        }
        self._keys.update({key: (lambda n=n: self.open_lesson(n)) for key, n in LESSON_KEYS.items()})
        self.key_help = [
            *((" / ".join(QKeySequence(key).toString() for key in keys), text) for text, keys, _ in bindings),
            ("1 … 9", "Open that lesson of the start page in its own tab"),
        ]

    def _bindings(self) -> list[tuple[str, list[Qt.Key], Callable[[], None]]]:
        """(what it does, keys, action) for every key but the lesson numbers: the keys and the F1
        dialog's list both come from here."""
        return [
            (
                "Next step (on the start page: lesson 1)",
                [Key.Key_PageDown, Key.Key_Right, Key.Key_Down],
                self.next,
            ),
            ("Previous step", [Key.Key_PageUp, Key.Key_Left, Key.Key_Up], lambda: self._drive("previous")),
            ("Play or pause", [Key.Key_Space], lambda: self._drive("toggle")),
            ("First step", [Key.Key_Home], lambda: self._drive("first")),
            ("Last step", [Key.Key_End], lambda: self._drive("last")),
            # the period is what many clickers' "blank" button sends
            (
                "Blank the screen; any key brings it back",
                [Key.Key_B, Key.Key_Period],
                lambda: self.set_blank(True),
            ),
            ("Clear what the pen drew (drag on the scene to draw)", [Key.Key_C], self.pen.clear),
            ("Next colour theme", [Key.Key_T], self.next_theme),
            ("Stop presenting", [Key.Key_Escape], self.leave),
            ("Keep presenting (a clicker's present button)", [Key.Key_F5], lambda: None),
        ]

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
            window.address.error,
            window.notice,
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
        """Lesson `number` of the start page in a tab of its own, still presenting: the scene on show
        stays as it is in its tab. A tab already showing that lesson is brought forward instead, so
        going back and forth between lessons piles up no tabs."""
        if not 1 <= number <= len(self._lessons):
            return
        lesson, tabs = self._lessons[number - 1], self._window.tabs
        for index in range(tabs.count()):
            if tabs.widget(index).lesson() == lesson:
                tabs.setCurrentIndex(index)
                return
        self._window.new_tab(History(lesson.scene))

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
