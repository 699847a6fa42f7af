"""What a caption widget and a caption item both hold: text and its colour, repainting only on change."""

from __future__ import annotations

from PySide6.QtGui import QColor


class ShownText:
    """Mixed into a QWidget or a QGraphicsWidget that paints `_text` in `_color` itself."""

    _text = ""
    _color = QColor("#000000")

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.update()

    def set_color(self, color: str) -> None:
        self._color = QColor(color)
        self.update()
