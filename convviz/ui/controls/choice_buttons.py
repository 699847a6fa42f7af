"""A field with a few named values (a pooling kind, how dL/dX is shown) as radio buttons side by side,
so the choices are all visible at once and one click picks one."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QRadioButton, QWidget

from .base import set_checked


class ChoiceButtons(QWidget):
    """One radio button per value: `choices` maps each value to its (label, tool tip).
    chosen(value): the user clicked that value's button; `show` sets the buttons without sending."""

    chosen = Signal(str)

    def __init__(self, choices: dict[str, tuple[str, str]]):
        super().__init__()
        self._exclusive = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for value, (text, tip) in choices.items():
            button = QRadioButton(text, toolTip=tip)
            button.clicked.connect(lambda _=False, value=value: self.chosen.emit(value))
            self._exclusive.addButton(button)
            self.buttons[value] = button
            row.addWidget(button)  # at its own width: a click on its label takes it
        row.addStretch(1)

    def show_value(self, value: str) -> None:
        for choice, button in self.buttons.items():
            set_checked(button, choice == value)
