"""A pen for the teacher: freehand strokes drawn over the scene while presenting."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from convviz.ui.theme import Theme, readable_text


class PenOverlay(QWidget):
    """A transparent sheet over the page: dragging with the left button draws, and every mouse event
    stops here, so the pen never edits what lies under it. Strokes are the theme's pen colour with a
    black or white rim, whichever contrasts more with it, so they read on every colour of every map."""

    def __init__(self, parent: QWidget, theme: Theme):
        super().__init__(parent)
        self._strokes: list[QPolygonF] = []
        self._drawing = False
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.set_theme(theme)

    def strokes(self) -> list[QPolygonF]:
        return [QPolygonF(stroke) for stroke in self._strokes]

    def clear(self) -> None:
        if self._strokes:
            self._strokes.clear()
            self.update()

    def set_theme(self, theme: Theme) -> None:
        self._color = QColor(theme.pen)
        self._rim = QColor(*readable_text(np.array(self._color.getRgb()[:3])).tolist())
        self.update()

    def _width(self) -> float:
        """About 6 px on a 1080p projector: thick enough for the back row."""
        return max(3.0, self.height() / 180)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._drawing = True
            self._strokes.append(QPolygonF([event.position()]))
            self._update_around(event.position(), event.position())
        event.accept()

    def mouseMoveEvent(self, event) -> None:
        if self._drawing:
            stroke = self._strokes[-1]
            previous = stroke.last()
            stroke.append(event.position())
            self._update_around(previous, event.position())
        event.accept()

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._drawing = False
        event.accept()

    def _update_around(self, a: QPointF, b: QPointF) -> None:
        """Repaint only the new segment: the scene beneath repaints wherever this sheet does."""
        margin = self._width() + 4
        self.update(QRectF(a, b).normalized().adjusted(-margin, -margin, margin, margin).toAlignedRect())

    def paintEvent(self, event) -> None:
        if not self._strokes:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        width = self._width()
        for color, pen_width in ((self._rim, width + 4), (self._color, width)):
            pen = QPen(color, pen_width)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            for stroke in self._strokes:
                if stroke.size() == 1:
                    painter.drawPoint(stroke.first())
                else:
                    painter.drawPolyline(stroke)
