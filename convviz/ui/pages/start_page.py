"""The start page: a grid of lesson cards, each with a thumbnail drawn by the page it opens."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from convviz.scene.base import PageScene
from convviz.scene.lessons import Lesson, load_lessons
from convviz.scene.link import format_link
from convviz.scene.scenes import OPEN_PAGES, StartScene
from convviz.ui.registry import PAGES
from convviz.ui.render import prepare_offscreen, render
from convviz.ui.theme import DEFAULT, Theme
from convviz.ui.views import create_view

from .base import Page, scroll_chrome_width

THUMBNAIL = QSize(400, 240)
COLUMNS = 3
PRESENTING_FONT = 1.4  # presenting: text this many times larger


def thumbnail(scene: PageScene, theme: Theme) -> QPixmap:
    """The lesson's scene drawn by the real view at a size where it still reads, then scaled down."""
    view = create_view(scene.page, theme)
    prepare_offscreen(view, QSize(960, 576))
    view.load(scene)
    view.draw(scene.step)
    image = render(view)
    view.deleteLater()
    return QPixmap.fromImage(image).scaled(
        THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


class LessonCard(QFrame):
    def __init__(self, lesson: Lesson, number: int, open_link, parent: QWidget | None = None):
        super().__init__(parent)
        self.lesson = lesson
        self.number = number
        self._open_link = open_link
        self.setObjectName("lessonCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(format_link(lesson.scene))
        self.picture = QLabel(self)
        self.picture.setFixedSize(THUMBNAIL)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(self)
        self.title.setObjectName("lessonTitle")
        self.show_number(False)
        summary = QLabel(lesson.summary, self)
        summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture)
        layout.addWidget(self.title)
        layout.addWidget(summary)
        layout.addStretch(1)

    def show_number(self, shown: bool) -> None:
        """Presenting, the number key that opens this lesson leads its title."""
        number = f"{self.number} · " if shown else ""
        self.title.setText(f"<b>{number}{self.lesson.title}</b>")

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self._open_link(format_link(self.lesson.scene))
        super().mouseReleaseEvent(event)


@PAGES.shows(StartScene)
class StartPage(Page):
    def __init__(self, parent: QWidget | None = None, *, theme: Theme = DEFAULT):
        super().__init__(parent)
        self._theme = theme
        self.heading = QLabel(
            "<h1>convviz</h1><p>See how convolutional neural networks compute. Pick a lesson,"
            " or type a <code>convviz://</code> link in the address bar.</p>"
        )
        self.heading.setWordWrap(True)
        cards = QWidget()
        self._grid = QGridLayout(cards)
        self.cards = [
            LessonCard(lesson, number, self.open_link.emit)
            for number, lesson in enumerate(load_lessons(pages=OPEN_PAGES), start=1)
        ]
        self._columns = 0
        self._scroll = QScrollArea(self)
        self._scroll.setWidgetResizable(True)
        self._scroll.setWidget(cards)
        self._arrange(COLUMNS)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self._scroll, 1)
        self._pending = list(self.cards)
        self._painter = QTimer(self)  # thumbnails one per event-loop turn: the window shows at once
        self._painter.setInterval(0)
        self._painter.timeout.connect(self._paint_next_thumbnail)

    def columns(self) -> int:
        return self._columns

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._reflow()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # zoomed or presenting: the cards changed size
            self._reflow()

    def _reflow(self) -> None:
        """As many columns of cards as the width holds (at most COLUMNS): large text or a narrow window
        moves cards down a row instead of off to the side."""
        room = self._scroll.width() - scroll_chrome_width(self._scroll)
        card = (
            max((c.minimumSizeHint().width() for c in self.cards), default=1) + self._grid.horizontalSpacing()
        )
        self._arrange(max(1, min(COLUMNS, room // max(card, 1))))

    def _arrange(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for row in range(self._grid.rowCount()):
            self._grid.setRowStretch(row, 0)
        for number, card in enumerate(self.cards):
            self._grid.removeWidget(card)
            self._grid.addWidget(card, number // columns, number % columns)
        self._grid.setRowStretch((len(self.cards) - 1) // columns + 1, 1)  # cards keep to the top

    def show_scene(self, scene: PageScene) -> None:
        if self._pending:
            self._painter.start()

    def title(self) -> str:
        return "Start"

    def stop(self) -> None:
        self._painter.stop()

    def set_theme(self, theme: Theme) -> None:
        """Draw the thumbnails again in `theme`, one per event-loop turn."""
        self._theme = theme
        self._pending = list(self.cards)
        self._painter.start()

    def set_presenting(self, presenting: bool) -> None:
        """The lesson grid alone, in large type, each title led by the number key that opens it."""
        self.heading.setVisible(not presenting)
        for card in self.cards:
            card.show_number(presenting)
        font = QFont()  # no attributes set: inherit the window's font (and its zoom) again
        if presenting:
            font.setPointSizeF(self.font().pointSizeF() * PRESENTING_FONT)
        self.setFont(font)

    def paint_all_thumbnails(self) -> None:
        while self._pending:
            self._paint_next_thumbnail()

    def _paint_next_thumbnail(self) -> None:
        if not self._pending:
            self._painter.stop()
            return
        card = self._pending.pop(0)
        card.picture.setPixmap(thumbnail(card.lesson.scene, self._theme))
        if not self._pending:
            self._painter.stop()
