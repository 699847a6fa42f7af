"""A slim band across the window, under the toolbar, for what a person must not miss: why a link did
not open, a saved file that had to be kept aside, a save that failed. It stays until dismissed (✕)
or until what it says is no longer true, and never changes the toolbar's height."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

from .theme import DEFAULT, Theme, readable_text

TONES = ("error", "notice")


class MessageStrip(QFrame):
    """Messages by topic, one paragraph each: `say(topic, text)` adds or replaces one, `forget(topic)`
    drops it, `clear()` drops all. An "error" strip is filled with the theme's error colour; a
    "notice" strip is the panel colour with an accent bar."""

    def __init__(self, tone: str, parent: QWidget | None = None):
        super().__init__(parent)
        if tone not in TONES:
            raise ValueError(f"tone must be one of {', '.join(TONES)}, got {tone!r}")
        self.tone = tone
        self.setObjectName(f"{tone}Strip")
        self._messages: dict[str, str] = {}
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # a link's text is never read as HTML
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dismiss = QToolButton(self)
        self.dismiss.setText("✕")
        self.dismiss.setToolTip("Dismiss")
        self.dismiss.setAutoRaise(True)
        self.dismiss.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.dismiss, 0, Qt.AlignmentFlag.AlignTop)
        self.set_theme(DEFAULT)
        self.hide()

    def text(self) -> str:
        return self.label.text()

    def say(self, topic: str, text: str) -> None:
        self._messages[topic] = text
        self._show()

    def forget(self, topic: str) -> None:
        if self._messages.pop(topic, None) is not None:
            self._show()

    def clear(self) -> None:
        self._messages.clear()
        self._show()

    def _show(self) -> None:
        self.label.setText("\n".join(self._messages.values()))
        self.setVisible(True)

    def setVisible(self, visible: bool) -> None:
        """Never an empty band: whoever shows it again (presenting's end restores the chrome) shows it
        only while it has something to say."""
        super().setVisible(visible and bool(self._messages))

    def set_theme(self, theme: Theme) -> None:
        strip = f"#{self.objectName()}"
        if self.tone == "error":
            ink = QColor(*readable_text(np.array(QColor(theme.error).getRgb()[:3]))).name()
            frame = f"background: {theme.error};"
        else:
            ink = theme.text
            frame = f"background: {theme.panel}; border-left: 6px solid {theme.highlight};"
        self.setStyleSheet(
            f"{strip} {{ {frame} }}"
            f" {strip} QLabel, {strip} QToolButton {{ color: {ink}; background: transparent; border: none; }}"
        )
