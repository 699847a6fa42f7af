"""The rows of a layer stack, one per layer (layer_row: its kind, its numbers, a remove button); add (a
copy of the current row after it), move up and down (buttons, or Alt+Up / Alt+Down in a row).

It keeps no stack of its own: every change is sent as the whole new list of LayerSpecs in `changed`,
and the owner shows the stack it keeps with `set_specs`. Rows are reused rather than rebuilt, so the
widget a person is typing in keeps the focus while its edits go round."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from convviz.engine.layers import SPATIAL_KINDS, LayerSpec
from convviz.ui.widgets.layer_row import NUMBERS, WINDOW_NUMBERS, LayerRow


class LayerList(QWidget):
    """The rows, a header naming their columns, and Add / Up / Down buttons acting on the current row
    (the one that last had the focus, its number in bold). changed(specs, final): the whole new stack;
    refused(layer, limit, text): a typed number outside the limits named `limit` (layer_row.limit_name),
    the layer counted from 1. Removing the only layer sends an empty stack, for the owner to refuse with
    its reason. `kinds` are the kinds a row offers, `columns` the LayerSpec numbers it has boxes for."""

    changed = Signal(object, bool)
    refused = Signal(int, str, str)

    def __init__(
        self,
        limits: dict[str, tuple[int, int]],
        kinds: tuple[str, ...] = SPATIAL_KINDS,
        columns: tuple[str, ...] = WINDOW_NUMBERS,
    ):
        super().__init__()
        self._limits, self._kinds, self._columns = limits, kinds, columns
        self.rows: list[LayerRow] = []
        self._current = 0
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        headers = (("#", "Layer, counted from the input"), ("layer", "What the layer does"))
        numbers = ((header, tip) for name, header, tip in NUMBERS if name in columns)
        for column, (header, tip) in enumerate((*headers, *numbers)):
            label = QLabel(header, alignment=Qt.AlignmentFlag.AlignCenter, toolTip=tip)
            self._grid.addWidget(label, 0, column)
        self.add_button = QPushButton("Add", toolTip="Add a copy of the current layer after it")
        self.add_button.clicked.connect(lambda: self.add_after(self._current))
        self.up_button = QPushButton("Up", toolTip="Move the current layer up (Alt+Up)")
        self.up_button.clicked.connect(lambda: self.move(self._current, -1))
        self.down_button = QPushButton("Down", toolTip="Move the current layer down (Alt+Down)")
        self.down_button.clicked.connect(lambda: self.move(self._current, +1))
        for keys, step in (("Alt+Up", -1), ("Alt+Down", +1)):
            shortcut = QShortcut(
                QKeySequence(keys), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
            )
            shortcut.activated.connect(lambda step=step: self._move_focused(step))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._grid)
        layout.addLayout(buttons)

    def specs(self) -> list[LayerSpec]:
        return [row.spec() for row in self.rows]

    def set_specs(self, specs: Sequence[LayerSpec]) -> None:
        """Show `specs`, reusing the rows there are, adding or dropping rows at the end."""
        while len(self.rows) > len(specs):
            row = self.rows.pop()
            row.blockSignals(True)  # hiding a focused part moves the focus on, maybe to its own row
            for widget in row.widgets():
                widget.hide()
                self._grid.removeWidget(widget)
                widget.deleteLater()
            row.deleteLater()
        while len(self.rows) < len(specs):
            self._append_row()
        for row, spec in zip(self.rows, specs):
            row.set_spec(spec)
        self._set_current(min(self._current, len(self.rows) - 1))
        self._order_tabs()

    def current(self) -> int:
        return self._current

    # ------------------------------------------------------------ edits
    def add_after(self, index: int) -> None:
        specs = self.specs()
        self._send([*specs[: index + 1], specs[index], *specs[index + 1 :]], index + 1, "kind")

    def remove(self, index: int) -> None:
        specs = self.specs()
        self._send(specs[:index] + specs[index + 1 :], min(index, len(specs) - 2), "kind")

    def move(self, index: int, step: int) -> None:
        """Swap layer `index` with its neighbour `step` away; at either end, nothing to do."""
        other = index + step
        if not 0 <= other < len(self.rows):
            return
        specs = self.specs()
        specs[index], specs[other] = specs[other], specs[index]
        self._send(specs, other, self.rows[index].focused_part())

    def _move_focused(self, step: int) -> None:
        focused = next((i for i, row in enumerate(self.rows) if row.focused_part()), None)
        if focused is not None:
            self.move(focused, step)

    def _send(self, specs: list[LayerSpec], focus_row: int, part: str | None, final: bool = True) -> None:
        """Send the new stack; once the owner shows it (edits go round at once), the layer the person
        acted on is current, and the part they used keeps the focus."""
        self.changed.emit(specs, final)
        if self.specs() != specs or not specs:
            return  # refused: nothing moved
        self._set_current(focus_row)
        if part is not None:
            self.rows[focus_row].parts[part].setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------- rows
    def _append_row(self) -> None:
        row = LayerRow(self._limits, self, self._kinds, self._columns)
        line = len(self.rows) + 1  # the header is line 0
        for column, widget in enumerate(row.widgets()):
            self._grid.addWidget(widget, line, column)
            if self.isVisible():  # at once, not when the layout gets to it, so Tab and focus reach it
                widget.show()
        row.number.setText(str(line))
        row.changed.connect(lambda spec, final, row=row: self._row_changed(row, spec, final))
        row.refused.connect(
            lambda field, text, row=row: self.refused.emit(self.rows.index(row) + 1, field, text)
        )
        row.focused.connect(lambda row=row: self._set_current(self.rows.index(row)))
        row.remove.clicked.connect(lambda _=False, row=row: self.remove(self.rows.index(row)))
        self.rows.append(row)

    def _order_tabs(self) -> None:
        """Tab goes through the rows top to bottom, each left to right, then the buttons: rows added
        later would otherwise come after the buttons, which were made first."""
        chain = [part for row in self.rows for part in row.parts.values()]
        chain += [self.add_button, self.up_button, self.down_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _row_changed(self, row: LayerRow, spec: LayerSpec, final: bool) -> None:
        index = self.rows.index(row)
        specs = self.specs()
        specs[index] = spec
        self._send(specs, index, row.focused_part(), final)

    def _set_current(self, index: int) -> None:
        self._current = max(index, 0)
        for i, row in enumerate(self.rows):
            font = QFont(row.number.font())
            font.setBold(i == self._current)
            row.number.setFont(font)
