"""One browser tab: a history of scenes and the page that shows the current one."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QWidget

from convviz.scene.base import PageScene
from convviz.scene.history import History
from convviz.scene.lessons import Lesson, load_lessons
from convviz.scene.link import format_link
from convviz.scene.scenes import OPEN_PAGES
from convviz.ui.theme import DEFAULT, Theme

from .pages import create_page
from .pages.base import Page


@cache
def _lessons_by_scene() -> dict[PageScene, Lesson]:
    return {lesson.scene.replace(step=0): lesson for lesson in reversed(load_lessons(pages=OPEN_PAGES))}


def lesson_of(scene: PageScene) -> Lesson | None:
    """The start page's lesson that `scene` shows, at any step; None once an edit has left it."""
    return _lessons_by_scene().get(scene.replace(step=0))


class BrowserTab(QWidget):
    """Routes a page's edits into the history and history moves back into the page.

    changed(): the scene, the title or what back/forward can do changed (the window refreshes its
    address bar, tab title and buttons, and schedules an autosave). The tab also keeps the window's
    theme and presentation mode, and gives both to every page it creates.

    The page is held at exactly the tab's size, as a fixed size and without a layout: Qt passes every
    re-layout (a label's new text, a spin box's new value) up to the top-level window, and the tab
    widget repaints the whole window when one arrives, 5 ms of scroll bars and buttons on an edit. A
    fixed-size widget is where Qt stops passing them up."""

    changed = Signal()
    navigate = Signal(str)

    def __init__(self, history: History, parent: QWidget | None = None, *, theme: Theme = DEFAULT):
        super().__init__(parent)
        self.history = history
        self.theme = theme
        self.presenting = False
        self.page: Page | None = None
        self._show(history.current)

    @property
    def scene(self) -> PageScene:
        return self.history.current

    def link(self) -> str:
        return format_link(self.scene)

    def lesson(self) -> Lesson | None:
        return lesson_of(self.scene)

    def title(self) -> str:
        """The lesson's title while the tab shows a lesson (however it was opened: a card, a link, the
        saved session), else the page's own title, which says what is on it."""
        lesson = self.lesson()
        if lesson is not None:
            return lesson.title
        return self.page.title() if self.page else ""

    def focus_page(self) -> None:
        """The page takes the keyboard, so the player keys work at once after opening a scene."""
        self.page.setFocus(Qt.FocusReason.OtherFocusReason)

    def open(self, scene: PageScene) -> None:
        """Navigate to a scene (a typed link, a lesson card): a new history entry."""
        self.history.edit(scene, final=True)
        self._show(scene)
        self.changed.emit()

    def back(self) -> None:
        if self.history.can_go_back():
            self._show(self.history.back())
            self.changed.emit()

    def forward(self) -> None:
        if self.history.can_go_forward():
            self._show(self.history.forward())
            self.changed.emit()

    def stop(self) -> None:
        if self.page:
            self.page.stop()

    def set_theme(self, theme: Theme) -> None:
        if theme != self.theme:
            self.theme = theme
            self.page.set_theme(theme)

    def set_presenting(self, presenting: bool) -> None:
        if presenting != self.presenting:
            self.presenting = presenting
            self.page.set_presenting(presenting)

    def _show(self, scene: PageScene) -> None:
        if self.page is None or self.page.kind != scene.page:
            self._replace_page(create_page(scene.page, self.theme))
        self.page.show_scene(scene)

    def _replace_page(self, page: Page) -> None:
        if self.page is not None:
            self.page.stop()
            self.page.deleteLater()
        self.page = page
        if self.presenting:
            page.set_presenting(True)
        page.edited.connect(self._edited)
        page.stepped.connect(self._stepped)
        page.open_link.connect(self.navigate)
        page.setParent(self)
        page.setFixedSize(self.size())
        page.show()
        self.updateGeometry()  # a new kind of page may need more room

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.page.setFixedSize(event.size())

    def least_width(self) -> int:
        """The page's least width now: its layout is brought up to date at once, where Qt would catch
        up only on the event loop's next pass (a zoom asks just after changing every font)."""
        layout = self.page.layout()
        if layout is not None:
            layout.invalidate()
            layout.activate()
        return self.page.minimumSizeHint().width()

    def minimumSizeHint(self) -> QSize:
        return self.page.minimumSizeHint()

    def sizeHint(self) -> QSize:
        return self.page.sizeHint()

    def _edited(self, scene: PageScene, final: bool) -> None:
        self.history.edit(scene, final)
        self.page.show_scene(scene)
        self.changed.emit()

    def _stepped(self, scene: PageScene) -> None:
        self.history.replace(scene)
        self.page.show_scene(scene)
        self.changed.emit()
