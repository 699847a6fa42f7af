"""The inline text box a grid opens over one cell to type a number into."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from convviz.ui.theme import Theme

MAX_WEIGHT = 1e6  # beyond this a weight teaches nothing, and float32 would soon overflow to inf


def parse_value(text: str) -> float | None:
    """A number typed by a person ("0.5", "-1", ".25", "0,5"), or None if it is not one or is out of
    range."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if abs(value) <= MAX_WEIGHT else None


class CellEditor(QLineEdit):
    """The inline text box over one cell: Enter commits a valid number, Esc cancels, invalid text is
    refused with a red border and the box stays open. Committing the text it opened with, untouched,
    changes nothing (not even a rounding)."""

    accepted = Signal(float)

    def __init__(self, parent: QWidget, theme: Theme):
        super().__init__(parent)
        self.set_theme(theme)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._opened: str | None = None  # the cell's own text, while it is still what the box holds
        self.returnPressed.connect(self._accept)
        self.textEdited.connect(lambda _text: self._mark_invalid(False))
        self.hide()

    def set_theme(self, theme: Theme) -> None:
        self.setStyleSheet(
            f"QLineEdit {{ border: 2px solid {theme.highlight}; border-radius: 3px; padding: 0 2px;"
            f" background: {theme.background}; color: {theme.text}; }}"
            f' QLineEdit[invalid="true"] {{ border-color: {theme.error}; }}'
        )

    def open(self, rect: QRect, text: str, select_all: bool) -> None:
        font = self.font()
        font.setPixelSize(max(9, round(0.3 * rect.height())))
        self.setFont(font)
        self.setGeometry(rect)
        self.setText(text)
        self._opened = text if select_all else None  # a typed first key is already an edit
        self._mark_invalid(False)
        if select_all:
            self.selectAll()
        self.show()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def is_invalid(self) -> bool:
        return bool(self.property("invalid"))

    def _mark_invalid(self, invalid: bool) -> None:
        self.setProperty("invalid", invalid)
        self.style().unpolish(self)
        self.style().polish(self)

    def _accept(self) -> None:
        if self.text() == self._opened:
            self._close()
            return
        value = parse_value(self.text())
        if value is None:
            self._mark_invalid(True)
            return
        self._close()
        self.accepted.emit(value)

    def _close(self) -> None:
        self.hide()
        self.parentWidget().setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self._close()
            return
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            # like a spreadsheet: commit, then the grid moves the selection, and the next typing goes
            # into the cell now selected (an editor left open would take it for the cell it was over)
            self._accept()
            if self.isVisible():
                event.accept()  # invalid text: stay here, marked
            else:
                event.ignore()  # on to the grid, which moves
            return
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # QLineEdit lets Enter through, and the grid would reopen the editor

    def focusOutEvent(self, event) -> None:
        """Clicking elsewhere commits a valid value and drops an invalid one, like a spreadsheet."""
        super().focusOutEvent(event)
        transient = (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason)
        if self.isVisible() and event.reason() not in transient:
            value = parse_value(self.text())
            self.hide()
            if value is not None and self.text() != self._opened:
                self.accepted.emit(value)
