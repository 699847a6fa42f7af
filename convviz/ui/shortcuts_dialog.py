"""F1: every keyboard shortcut in one dialog, in type large enough to read from a lectern."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout, QWidget

Rows = list[tuple[str, str]]  # (keys, what they do)

# a page's own keys, taken by the page when no focused control uses them (ScenePage.keyPressEvent)
PAGE_KEYS: Rows = [
    ("Space", "Play or pause the animation"),
    ("Left / Right", "One step back / forward"),
    ("Home / End", "First / last step"),
    ("Ctrl+V", "Paste an image as the input"),
]
TEXT_SCALE = 1.3  # times the window's text size


def shortcuts_html(sections: list[tuple[str, Rows]]) -> str:
    """One table per section: the keys in bold on the left, what they do on the right."""
    parts = []
    for heading, rows in sections:
        cells = "".join(
            f"<tr><td style='padding: 2px 24px 2px 0'><b>{escape(keys)}</b></td>"
            f"<td style='padding: 2px 0'>{escape(text)}</td></tr>"
            for keys, text in rows
        )
        parts.append(f"<h3>{escape(heading)}</h3><table>{cells}</table>")
    return "".join(parts)


class ShortcutsDialog(QDialog):
    """Not modal: it can stay open beside the window while the keys are tried."""

    def __init__(self, sections: list[tuple[str, Rows]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts — convviz")
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * TEXT_SCALE)
        self.setFont(font)
        self.text = QLabel(shortcuts_html(sections))
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setContentsMargins(12, 0, 12, 12)
        scroll = QScrollArea(self)
        scroll.setWidget(self.text)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        hint = self.text.sizeHint()
        self.resize(hint.width() + 60, min(hint.height() + 80, 900))
