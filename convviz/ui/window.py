"""The browser-style main window: tabs, address bar, back/forward, bookmarks, session autosave."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QTabWidget, QToolBar, QToolButton, QVBoxLayout, QWidget

from convviz.scene.base import PageScene
from convviz.scene.history import History
from convviz.scene.link import LinkError, parse_link
from convviz.scene.scenes import StartScene
from convviz.scene.session import (
    Bookmark,
    bookmarks_from_json,
    bookmarks_to_json,
    session_from_json,
    session_to_json,
)
from convviz.scene.store import load, read_json, write_json_atomic

from .address_bar import AddressBar
from .message_strip import MessageStrip
from .presentation import Presenter
from .shortcuts_dialog import PAGE_KEYS, ShortcutsDialog
from .tab import BrowserTab
from .theme import DEFAULT, Theme
from .theme_menu import SETTINGS_FILE, ThemeButton, theme_from_settings, theme_settings
from .window_geometry import GEOMETRY_FILE, apply_geometry, geometry_to_json
from .zoom import TextZoom

START = StartScene()
AUTOSAVE_DELAY_MS = 300


def _session_and_problems(data) -> tuple[tuple[list[History], int], list[str]]:
    tabs, current, problems = session_from_json(data)
    return (tabs, current), problems


def _column(*widgets: QWidget) -> QWidget:
    """The widgets stacked top to bottom, edge to edge: the strips under the toolbar, then the tabs."""
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    for widget in widgets:
        layout.addWidget(widget)
    return column


class MainWindow(QMainWindow):
    """`config` is the folder for session.json and bookmarks.json; None keeps nothing (screenshots)."""

    def __init__(self, config: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("convviz")
        self.config = config
        self.bookmarks: list[Bookmark] = []
        self.key_help: list[tuple[str, str]] = []  # (keys, what they do) of every window action
        self._shortcuts_dialog: ShortcutsDialog | None = None
        self._opened_from = None  # the saved place the window opened at (see restore_geometry)
        self.text_zoom = TextZoom(self)
        self.tabs = QTabWidget(self)
        self.tabs.setMovable(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(lambda _: self._refresh(navigated=True))
        self.theme = DEFAULT
        self.presenter = Presenter(self, self.theme)
        self.address = AddressBar(self)
        self.address.submitted.connect(self.open_link)
        self.notice = MessageStrip("notice", self)  # saved files kept aside, saves that failed
        self.setCentralWidget(_column(self.address.error, self.notice, self.tabs))
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self.save_session)
        self.tabs.tabBar().tabMoved.connect(lambda *_: self._schedule_save())  # the order is kept too
        self._build_toolbar()
        self._build_shortcuts()
        self.statusBar().setSizeGripEnabled(False)
        self.set_theme(self.theme)

    # ------------------------------------------------------------ building
    def _action(self, text: str, shortcut, slot, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut:
            shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setToolTip(
            f"{tip or text} ({QKeySequence(action.shortcut()).toString()})" if shortcut else tip
        )
        # application-wide: the keys work whichever control has focus, and also where the platform
        # never marks the window active (offscreen rendering, some remote desktops)
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        if shortcut:
            self.key_help.append((" / ".join(s.toString() for s in action.shortcuts()), tip or text))
        return action

    def _build_toolbar(self) -> None:
        bar = QToolBar("Navigation", self)
        bar.setMovable(False)
        self.addToolBar(bar)
        self.back_action = self._action("◀", "Alt+Left", self.back, "Back")
        self.forward_action = self._action("▶", "Alt+Right", self.forward, "Forward")
        bar.addAction(self.back_action)
        bar.addAction(self.forward_action)
        bar.addAction(self._action("⌂", "Alt+Home", lambda: self.open_scene(START), "Start page"))
        bar.addWidget(self.address)
        bar.addAction(self._action("Copy link", None, self.copy_link, "Copy this page's link"))
        self.export_action = self._action(
            "Export…", "Ctrl+E", self.export_animation, "Export this animation as GIF, MP4 or PNG"
        )
        bar.addAction(self.export_action)
        self.bookmark_action = self._action("☆", "Ctrl+D", self.add_bookmark, "Bookmark this page")
        bar.addAction(self.bookmark_action)
        self.bookmark_menu = QMenu("Bookmarks", self)
        menu_button = QToolButton(self)
        menu_button.setText("Bookmarks")
        menu_button.setMenu(self.bookmark_menu)
        menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(menu_button)
        self.theme_button = ThemeButton(self)
        self.theme_button.chosen.connect(self.choose_theme)
        bar.addWidget(self.theme_button)
        tip = "Present full screen for a lecture hall; Esc leaves"
        bar.addAction(self._action("Present", ["F5", "Shift+F5"], self.presenter.enter, tip))
        bar.addAction(self._action("+", "Ctrl+T", lambda: self.new_tab(History(START)), "New tab"))
        bar.addAction(self._action("Help", "F1", self.show_shortcuts, "Keyboard shortcuts"))

    def _build_shortcuts(self) -> None:
        self._action("Close tab", "Ctrl+W", lambda: self.close_tab(self.tabs.currentIndex()))
        self._action("Address bar", "Ctrl+L", self.address.focus)
        self._action("Full screen", "F11", self.toggle_full_screen)
        self._action("Zoom in", ["Ctrl++", "Ctrl+="], lambda: self.zoom(+1))
        self._action("Zoom out", "Ctrl+-", lambda: self.zoom(-1))
        self._action("Actual size", "Ctrl+0", lambda: self.zoom(0))
        self._action("Quit (the open tabs are kept for next time)", "Ctrl+Q", self.close)

    # ------------------------------------------------------------- tabs
    def current_tab(self) -> BrowserTab | None:
        tab = self.tabs.currentWidget()
        return tab if isinstance(tab, BrowserTab) else None

    def new_tab(self, history: History, make_current: bool = True) -> BrowserTab:
        tab = BrowserTab(history, self, theme=self.theme)
        tab.changed.connect(lambda: self._tab_changed(tab))
        tab.navigate.connect(self.open_link)
        index = self.tabs.addTab(tab, tab.title())
        if make_current:
            self.tabs.setCurrentIndex(index)
            tab.focus_page()
        self._tab_changed(tab)
        return tab

    def close_tab(self, index: int) -> None:
        tab = self.tabs.widget(index)
        if tab is None:
            return
        tab.stop()
        self.tabs.removeTab(index)
        tab.deleteLater()
        if self.tabs.count() == 0:
            self.new_tab(History(START))
        self._schedule_save()

    def _tab_changed(self, tab: BrowserTab) -> None:
        index = self.tabs.indexOf(tab)
        if index >= 0 and self.tabs.tabText(index) != tab.title():
            self.tabs.setTabText(index, tab.title())  # even unchanged text re-lays out the whole window
        if tab is self.current_tab():
            self._refresh()
        self._schedule_save()

    def _refresh(self, navigated: bool = False) -> None:
        tab = self.current_tab()
        if tab is None:
            return
        self.address.show_link(tab.link(), navigated)
        self.back_action.setEnabled(tab.history.can_go_back())
        self.forward_action.setEnabled(tab.history.can_go_forward())
        self.setWindowTitle(f"{tab.title()} — convviz")
        self.presenter.follow(tab)

    # ------------------------------------------------------- navigation
    def open_link(self, text: str) -> bool:
        """Open a typed or pasted link in the current tab; a bad link leaves everything as it was."""
        try:
            scene = parse_link(text)
        except LinkError as error:
            self.address.show_error(error.problems)
            return False
        self.open_scene(scene)
        return True

    def open_scene(self, scene: PageScene) -> None:
        tab = self.current_tab()
        if tab is None:
            self.new_tab(History(scene))
        else:
            tab.open(scene)
            tab.focus_page()  # from the address bar or a lesson card: the player keys work at once
        self._refresh(navigated=True)

    def back(self) -> None:
        if tab := self.current_tab():
            tab.back()
            self._refresh(navigated=True)

    def forward(self) -> None:
        if tab := self.current_tab():
            tab.forward()
            self._refresh(navigated=True)

    def copy_link(self) -> None:
        if tab := self.current_tab():
            QGuiApplication.clipboard().setText(tab.link())
            self.statusBar().showMessage("Link copied", 2000)

    def export_animation(self) -> None:
        """Ctrl+E: the export dialog for the current tab's scene; not modal, the window stays usable."""
        from .export_dialog import ExportDialog  # loads the export machinery only when asked for

        if tab := self.current_tab():
            dialog = ExportDialog(tab.scene, self, theme=self.theme)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.show()

    def receive(self, link: str | None) -> str | None:
        """A link a second `convviz LINK` handed over: opened in a new tab, the window brought to the
        front (no link: only that). Returns what was wrong with the link, for that process to print."""
        if link is not None:
            try:
                scene = parse_link(link)
            except LinkError as error:
                return f"bad link: {error}"
            self.new_tab(History(scene))
        if self.isMinimized():
            self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.raise_()
        self.activateWindow()
        return None

    def show_shortcuts(self) -> None:
        """F1: every key of the window, of a page and of presenting, in one dialog."""
        if self._shortcuts_dialog is None:
            sections = [
                ("Window", self.key_help),
                ("On a page (click the picture first if a control has the keys)", PAGE_KEYS),
                ("Presenting (F5)", self.presenter.key_help),
            ]
            self._shortcuts_dialog = ShortcutsDialog(sections, self)
        self._shortcuts_dialog.show()
        self._shortcuts_dialog.raise_()
        self._shortcuts_dialog.activateWindow()

    # -------------------------------------------------------- bookmarks
    def add_bookmark(self) -> None:
        tab = self.current_tab()
        if tab is None:
            return
        link = tab.link()
        if all(b.link != link for b in self.bookmarks):
            self.bookmarks.append(Bookmark(tab.title(), link))
            self._rebuild_bookmark_menu()
            self._save_bookmarks()
        self.statusBar().showMessage(f"Bookmarked: {tab.title()}", 2000)

    def _rebuild_bookmark_menu(self) -> None:
        self.bookmark_menu.clear()
        if not self.bookmarks:
            self.bookmark_menu.addAction("No bookmarks yet (Ctrl+D adds one)").setEnabled(False)
        for bookmark in self.bookmarks:
            action = self.bookmark_menu.addAction(bookmark.title)
            action.setToolTip(bookmark.link)
            action.triggered.connect(lambda _=False, link=bookmark.link: self.open_link(link))

    def _save_bookmarks(self) -> None:
        if self.config is not None:
            self._write(self.config / "bookmarks.json", bookmarks_to_json(self.bookmarks))

    # ---------------------------------------------------------- session
    def restore(self) -> list[str]:
        """Load bookmarks, the saved tabs and the theme. A file that could not be used as it was is
        kept aside (see store.load) and rewritten with what could be used, so the notice that says
        so, under the toolbar until dismissed, comes once. Returns the messages shown."""
        messages: list[str] = []
        tabs: list[History] = []
        current = 0
        if self.config is not None:
            self.bookmarks, message = load(self.config / "bookmarks.json", [], bookmarks_from_json)
            if message:
                messages.append(message)
                self._save_bookmarks()
            (tabs, current), message = load(self.config / "session.json", {}, _session_and_problems)
            if message:
                messages.append(message)
                self._schedule_save()
            theme, message = load(self.config / SETTINGS_FILE, {}, theme_from_settings)
            if message:
                messages.append(message)
                self._write(self.config / SETTINGS_FILE, theme_settings(theme))
            self.set_theme(theme)
        self._rebuild_bookmark_menu()
        for history in tabs:
            self.new_tab(history, make_current=False)
        if self.tabs.count():
            self.tabs.setCurrentIndex(current)
        for message in messages:
            self.notice.say(message, message)
        return messages

    def _schedule_save(self) -> None:
        if self.config is not None:
            self._autosave.start()

    def save_session(self) -> None:
        if self.config is None:
            return
        tabs = [self.tabs.widget(i) for i in range(self.tabs.count())]
        data = session_to_json(
            [t.history for t in tabs if isinstance(t, BrowserTab)], self.tabs.currentIndex()
        )
        self._write(self.config / "session.json", data)

    def _write(self, path: Path, data) -> None:
        """Save one file; a failure (a full disk) is said under the toolbar until a save succeeds,
        and the file keeps what it held before."""
        topic = f"save {path.name}"
        try:
            write_json_atomic(path, data)
        except OSError as error:
            reason = error.strerror or str(error)
            self.notice.say(topic, f"Could not save {path.name} ({reason}); it holds what it held before.")
        else:
            self.notice.forget(topic)

    # ------------------------------------------------------------ view
    def set_theme(self, theme: Theme) -> None:
        """Every page, view and control in `theme` at once (each grid recolours: not instant)."""
        self.theme = theme
        self.setPalette(theme.palette())
        for index in range(self.tabs.count()):
            self.tabs.widget(index).set_theme(theme)
        self.presenter.set_theme(theme)
        self.theme_button.show_theme(theme)
        self.address.error.set_theme(theme)
        self.notice.set_theme(theme)

    def choose_theme(self, theme: Theme) -> None:
        """The user's pick from the Theme menu: applied, and remembered for the next run."""
        self.set_theme(theme)
        if self.config is not None:
            self._write(self.config / SETTINGS_FILE, theme_settings(theme))

    def restore_geometry(self) -> None:
        """The size and place the window had when it last closed, if a screen still shows that place."""
        data, problem = read_json(self.config / GEOMETRY_FILE, {}) if self.config else ({}, None)
        apply_geometry(self, data)
        self._opened_from = data
        if problem:
            self.notice.say(problem, problem)

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def zoom(self, direction: int) -> None:
        self.statusBar().showMessage(self.text_zoom.step(direction), 2500)

    def closeEvent(self, event) -> None:
        self.presenter.leave()  # the window's own size and place, not the full screen's, are kept
        if self.config is not None:
            self._write(self.config / GEOMETRY_FILE, geometry_to_json(self, self._opened_from))
        self._autosave.stop()
        self.address.stop()
        self.statusBar().clearMessage()  # also stops the status bar's message timer
        for i in range(self.tabs.count()):
            self.tabs.widget(i).stop()
        self.save_session()
        super().closeEvent(event)
