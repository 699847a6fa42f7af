"""The mouse wheel over a scrolling panel of controls scrolls the panel.

Qt's spin boxes and combo boxes take the wheel whenever the pointer is over them, so scrolling a side
panel changes whichever value passes under the pointer (a stride, a preset) without a word. Here they
take it only once they have the keyboard focus (clicked or tabbed to: on purpose); otherwise the wheel
goes on to the scroll area."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QWidget


class _WheelNeedsFocus(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and not watched.hasFocus():
            event.ignore()  # filtered out of the control, and, not accepted, on to its parents
            return True
        return False


def wheel_scrolls_the_panel(panel: QWidget) -> None:
    """Every spin box and combo box inside `panel` takes the wheel only while it has the focus."""
    guard = _WheelNeedsFocus(panel)
    for control in (*panel.findChildren(QAbstractSpinBox), *panel.findChildren(QComboBox)):
        control.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel alone no longer focuses it
        control.installEventFilter(guard)
