"""Spin boxes that refuse a typed number outside their range and say so, instead of QSpinBox's silent
fix: it drops the keystroke that leaves the range, so 600 typed under a maximum of 512 became 60.

The out-of-range text stays shown while typed; Enter or leaving the box puts back the value it had,
and `refused` carries the text, for the page to say why in place."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QHBoxLayout, QLabel, QSpinBox, QWidget


class _Refusing:
    """validate/fixup for a QSpinBox or QDoubleSpinBox subclass that declares `refused = Signal(str)`
    and `_is_number(text)`, whether the text is a number of its kind (in range or not)."""

    def validate(self, text: str, pos: int):
        state = super().validate(text, pos)
        if state[0] == QValidator.State.Invalid and self._is_number(text):
            return QValidator.State.Intermediate, text, pos  # keep it shown, never commit it
        return state

    def fixup(self, text: str) -> str:
        """Qt calls this when the text cannot be committed; the box then keeps its value."""
        if self._is_number(text):
            self.refused.emit(text.strip())
        return text

    def show_value(self, value) -> None:
        """Show a field's value without the box sending an edit back."""
        self.blockSignals(True)
        self.setValue(value)
        self.blockSignals(False)


class LimitedSpin(_Refusing, QSpinBox):
    refused = Signal(str)

    def _is_number(self, text: str) -> bool:
        return text.strip().lstrip("+-").isdigit()


class LimitedDoubleSpin(_Refusing, QDoubleSpinBox):
    refused = Signal(str)

    def _is_number(self, text: str) -> bool:
        _, ok = self.locale().toDouble(text.strip())
        return ok


def limited_spin(low: int, high: int, tip: str) -> LimitedSpin:
    box = LimitedSpin(minimum=low, maximum=high, toolTip=tip)
    box.setKeyboardTracking(False)  # typing "12" is one edit, not "1" then "12"
    return box


class PairEditor(QWidget):
    """Two spin boxes, height x width, for a per-axis parameter. A number typed outside the limits is
    refused: `refused` carries a sentence naming them (`rule`, e.g. "grid sides are 3 to 512 cells")."""

    refused = Signal(str)

    def __init__(self, low: int, high: int, name: str, rule: str):
        super().__init__()
        self.height_box = limited_spin(low, high, f"{name} along the height")
        self.width_box = limited_spin(low, high, f"{name} along the width")
        for box in (self.height_box, self.width_box):
            box.refused.connect(lambda typed: self.refused.emit(f"{typed} is refused: {rule}."))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.height_box)
        layout.addWidget(QLabel("×"))
        layout.addWidget(self.width_box)

    def value(self) -> tuple[int, int]:
        return (self.height_box.value(), self.width_box.value())

    def set_value(self, value: tuple[int, int]) -> None:
        for box, v in zip((self.height_box, self.width_box), value):
            if box.value() == v:
                continue
            box.blockSignals(True)
            box.setValue(v)
            box.blockSignals(False)

    def connect(self, slot) -> None:
        self.height_box.valueChanged.connect(lambda _: slot(self.value()))
        self.width_box.valueChanged.connect(lambda _: slot(self.value()))
