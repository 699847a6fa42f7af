"""What presentation mode lays over the page besides the pen: a black screen and the step indicator."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QWidget

from convviz.ui.theme import Theme


class BlankScreen(QWidget):
    """Black over everything, so the room looks at the teacher (B, as in slide software).
    clicked(): a click asks to show the scene again, as any key does."""

    clicked = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.hide()

    def paintEvent(self, event) -> None:
        QPainter(self).fillRect(self.rect(), QColor("#000000"))

    def mousePressEvent(self, event) -> None:
        self.clicked.emit()
        event.accept()


class StepBadge(QWidget):
    """The "step i / n" in the top-right corner, where views leave room, since the player bar is hidden.
    Opaque, so a step repaints nothing beneath it; it takes no mouse events, so the pen draws through."""

    MARGIN = 0.012  # of the stage height, from the corner

    def __init__(self, parent: QWidget, theme: Theme):
        super().__init__(parent)
        self._text = ""
        self._widest = ""
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.set_theme(theme)

    def text(self) -> str:
        return self._text

    def set_theme(self, theme: Theme) -> None:
        self._color, self._background = QColor(theme.muted_text), QColor(theme.background)
        self._family = theme.font_family
        self.update()

    def show_step(self, step: int, count: int) -> None:
        self._text = f"step {step + 1 if count else 0} / {count}"
        widest = f"step {count} / {count}"
        if widest != self._widest:  # the badge keeps one width per animation, as the player's label does
            self._widest = widest
            self.place()
        self.update()

    def place(self) -> None:
        """Top-right of the parent, sized for the widest text of this animation."""
        stage = self.parentWidget().rect()
        font = self._font()
        metrics = QFontMetricsF(font)
        width, height = round(metrics.horizontalAdvance(self._widest)) + 8, round(metrics.height()) + 4
        margin = round(self.MARGIN * stage.height())
        self.setGeometry(QRect(stage.right() - margin - width, stage.top() + margin, width, height))

    def _font(self) -> QFont:
        font = QFont(self._family)
        font.setPixelSize(max(14, round(0.022 * self.parentWidget().height())))  # 24 px at 1080p
        return font

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self._background)
        painter.setFont(self._font())
        painter.setPen(self._color)
        align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(QRectF(self.rect()).adjusted(0, 0, -4, 0), align, self._text)
