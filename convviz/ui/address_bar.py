"""The address bar: always the current scene's convviz:// link, editable. Why a typed link could not be
opened is shown under the toolbar (`error`, placed by the window), every problem on its own line,
until Escape (which also brings back the current link) or the next navigation.

A drawn 512x512 input makes a link of a few hundred thousand characters, and QLineEdit lays out and
paints its whole text on every repaint (40 ms for 300,000 characters). So while the bar is not being
edited, a long link shows with its long values shortened; the moment it takes the focus it holds the
whole link, to select, copy or edit, and Copy link always copies the whole of it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from convviz.scene.messages import shortened

from .message_strip import MessageStrip

LONG_LINK = 4096  # characters; a drawn 512x512 input makes a link of a few hundred thousand
LONG_LINK_SETTLE_MS = 250  # a long link is shown once the scene has stopped changing for this long
MOST_CHARACTERS = 2**31 - 1  # all Qt can hold: a link is checked when submitted, never cut short
SHOWN_VALUE = 48  # characters of a long value shown while the bar is not being edited


def shortened_link(link: str) -> str:
    """The link with each long value cut to its start and its length: what the bar shows of it."""
    head, question, query = link.partition("?")
    items = []
    for item in query.split("&"):
        key, equals, value = item.partition("=")
        items.append(key + equals + shortened(value, SHOWN_VALUE))
    return head + question + "&".join(items)


class AddressBar(QWidget):
    submitted = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("address")
        self.edit.setMaxLength(MOST_CHARACTERS)  # QLineEdit's default, 32767, cuts drawn inputs' links
        self.edit.setPlaceholderText("convviz://conv?kernel=sobel_x")
        self.edit.setClearButtonEnabled(True)
        self.edit.returnPressed.connect(lambda: self.submitted.emit(self.edit.text()))
        self.edit.installEventFilter(self)
        self.error = MessageStrip("error")
        self.error.setObjectName("addressError")
        self._current = ""  # the current scene's link: shown, or waiting to be (see show_link)
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.timeout.connect(self._settled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)

    def show_link(self, link: str, navigated: bool = False) -> None:
        """Show the current link, unless the user is in the middle of typing one (a navigation shows
        it anyway, and clears any error). Laying out a very long link (a drawn 512x512 input) takes
        milliseconds, so while one keeps changing, during a drag or playback, it is shown once the
        changes pause for a moment rather than on every change."""
        self._current = link
        if navigated:
            self.clear_error()
        elif self.edit.hasFocus() and self.edit.isModified():
            return
        if len(link) > LONG_LINK and not navigated:
            self._later.start(LONG_LINK_SETTLE_MS)
            return
        self._later.stop()
        self._set(link)

    def _settled(self) -> None:
        """The long link's changes paused: show it, unless the user has started typing meanwhile."""
        if not (self.edit.hasFocus() and self.edit.isModified()):
            self._set(self._current)

    def _set(self, link: str) -> None:
        if not self.edit.hasFocus() and len(link) > LONG_LINK:
            link = shortened_link(link)
        if link != self.edit.text():
            self.edit.setText(link)
            self.edit.setCursorPosition(0)
            self.clear_error()  # it was about text no longer shown
        self.edit.setModified(False)

    def link(self) -> str:
        """The link being shown (whole, however the bar shows it), including one waiting for its redraw,
        or what the user typed."""
        return self.edit.text() if self.edit.isModified() else self._current

    def stop(self) -> None:
        self._later.stop()

    def show_error(self, problems: list[str]) -> None:
        if len(problems) == 1:
            text = f"Cannot open this link: {problems[0]}"
        else:
            text = "\n".join(
                [f"Cannot open this link ({len(problems)} problems):", *(f"•  {p}" for p in problems)]
            )
        self.error.say("link", text)

    def clear_error(self) -> None:
        self.error.clear()

    def focus(self) -> None:
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Escape gives up on the typed text: the current link comes back and the error goes. Taking
        the focus shows a shortened link whole; losing it shortens it again, unless it was edited."""
        kind = event.type()
        if watched is self.edit and not self.edit.isModified():
            if kind == QEvent.Type.FocusIn or (
                kind == QEvent.Type.FocusOut and event.reason() != Qt.FocusReason.PopupFocusReason
            ):  # a context menu's Copy still copies the whole link
                self._later.stop()
                self._set(self._current)  # the focus has already moved: _set sees where it is
        if watched is self.edit and kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
            self._later.stop()
            self._set(self._current)
            self.clear_error()
            return True
        return super().eventFilter(watched, event)
