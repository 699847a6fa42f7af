"""Text that changes every animation step without re-laying out the window.

QLabel.setText asks every enclosing layout up to the window to recompute (about 5 ms in a full window);
a Caption has a fixed height for its lines and only repaints itself."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from .shown_text import ShownText


class Caption(ShownText, QWidget):
    def __init__(self, parent: QWidget | None = None, *, lines: int = 1, color: str = "#000000"):
        super().__init__(parent)
        self._lines = lines
        self._color = QColor(color)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # no parent repaints behind new text
        self._fit_height()

    def set_pixel_size(self, pixels: int, family: str) -> None:
        font = QFont(family)
        font.setPixelSize(pixels)
        self.setFont(font)
        self._fit_height()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # an inherited font: the page was zoomed
            self._fit_height()

    def _fit_height(self) -> None:
        self.setFixedHeight(round(QFontMetricsF(self.font()).lineSpacing() * self._lines) + 4)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        if not self._text:
            return
        painter.setFont(self.font())
        painter.setPen(self._color)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(QRectF(self.rect()).adjusted(2, 0, -2, 0), flags, self._text)
