"""The start page: a grid of lesson cards, each with a thumbnail drawn by the page it opens."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from convviz.scene.lessons import Lesson, load_lessons
from convviz.scene.link import format_link
from convviz.scene.model import PAGES, Scene
from convviz.ui.render import prepare_offscreen, render
from convviz.ui.views import create_view

from .base import Page

THUMBNAIL = QSize(400, 240)
COLUMNS = 3


def thumbnail(scene: Scene) -> QPixmap:
    """The lesson's scene drawn by the real view at a size where it still reads, then scaled down."""
    view = create_view(scene.page)
    prepare_offscreen(view, QSize(960, 576))
    view.load(scene)
    view.draw(scene.step)
    image = render(view)
    view.deleteLater()
    return QPixmap.fromImage(image).scaled(
        THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


class LessonCard(QFrame):
    def __init__(self, lesson: Lesson, open_link, parent: QWidget | None = None):
        super().__init__(parent)
        self.lesson = lesson
        self._open_link = open_link
        self.setObjectName("lessonCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(format_link(lesson.scene))
        self.picture = QLabel(self)
        self.picture.setFixedSize(THUMBNAIL)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(f"<b>{lesson.title}</b>", self)
        title.setObjectName("lessonTitle")
        summary = QLabel(lesson.summary, self)
        summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture)
        layout.addWidget(title)
        layout.addWidget(summary)
        layout.addStretch(1)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self._open_link(format_link(self.lesson.scene))
        super().mouseReleaseEvent(event)


class StartPage(Page):
    kind = "start"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        heading = QLabel(
            "<h1>convviz</h1><p>See how convolutional neural networks compute. Pick a lesson,"
            " or type a <code>convviz://</code> link in the address bar.</p>"
        )
        heading.setWordWrap(True)
        cards = QWidget()
        grid = QGridLayout(cards)
        self.cards = [LessonCard(lesson, self.open_link.emit) for lesson in load_lessons(pages=PAGES)]
        for number, card in enumerate(self.cards):
            grid.addWidget(card, number // COLUMNS, number % COLUMNS)
        grid.setRowStretch(len(self.cards) // COLUMNS + 1, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(cards)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(scroll, 1)
        self._pending = list(self.cards)
        self._painter = QTimer(self)  # thumbnails one per event-loop turn: the window shows at once
        self._painter.setInterval(0)
        self._painter.timeout.connect(self._paint_next_thumbnail)

    def show_scene(self, scene: Scene) -> None:
        if self._pending:
            self._painter.start()

    def title(self) -> str:
        return "Start"

    def stop(self) -> None:
        self._painter.stop()

    def paint_all_thumbnails(self) -> None:
        while self._pending:
            self._paint_next_thumbnail()

    def _paint_next_thumbnail(self) -> None:
        if not self._pending:
            self._painter.stop()
            return
        card = self._pending.pop(0)
        card.picture.setPixmap(thumbnail(card.lesson.scene))
        if not self._pending:
            self._painter.stop()
