"""The address bar: always the current scene's convviz:// link, editable, with problems shown in place."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget


class AddressBar(QWidget):
    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("address")
        self.edit.setPlaceholderText("convviz://conv?kernel=sobel_x")
        self.edit.setClearButtonEnabled(True)
        self.edit.returnPressed.connect(lambda: self.submitted.emit(self.edit.text()))
        self.edit.textEdited.connect(lambda _: self.clear_error())
        self.error = QLabel(self)
        self.error.setObjectName("addressError")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)

    def show_link(self, link: str) -> None:
        """Show the current link, unless the user is in the middle of typing one."""
        if self.edit.hasFocus() and self.edit.isModified():
            return
        self.edit.setText(link)
        self.edit.setCursorPosition(0)
        self.edit.setModified(False)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    def focus(self) -> None:
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
