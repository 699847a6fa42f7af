"""The address bar: always the current scene's convviz:// link, editable, with problems shown in place."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

LONG_LINK = 4096  # characters; a drawn 512x512 input makes a link of a few hundred thousand
LONG_LINK_SETTLE_MS = 250  # a long link is shown once the scene has stopped changing for this long


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
        self._pending = ""
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.timeout.connect(lambda: self._set(self._pending))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)

    def show_link(self, link: str) -> None:
        """Show the current link, unless the user is in the middle of typing one. Laying out a very long
        link (a drawn 512x512 input) takes milliseconds, so while one keeps changing, during a drag or
        playback, it is shown once the changes pause for a moment rather than on every change."""
        if self.edit.hasFocus() and self.edit.isModified():
            return
        if len(link) > LONG_LINK:
            self._pending = link
            self._later.start(LONG_LINK_SETTLE_MS)
            return
        self._later.stop()
        self._set(link)

    def _set(self, link: str) -> None:
        if link != self.edit.text():
            self.edit.setText(link)
            self.edit.setCursorPosition(0)
        self.edit.setModified(False)

    def link(self) -> str:
        """The link being shown, including one waiting for its redraw."""
        return self._pending if self._later.isActive() else self.edit.text()

    def stop(self) -> None:
        self._later.stop()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    def focus(self) -> None:
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
