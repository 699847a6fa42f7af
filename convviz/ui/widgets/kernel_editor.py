"""Edit a small kernel directly on its grid: type a value, drag it up or down, or turn the wheel on it.

The editor knows no kernel values of its own (presets, normalising and random kernels are the page's
job, asked for through signals); it only turns gestures into new arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from convviz.scene.kernels import normalization
from convviz.scene.scenes import ConvScene
from convviz.ui.numbers import format_value, nudged, shortest_text
from convviz.ui.theme import DEFAULT, Theme
from convviz.ui.widgets.cell_editor import CellEditor
from convviz.ui.widgets.grid_view import GridView

MAX_KERNEL = ConvScene.limits("kernel")[1]
PRESET_PLACEHOLDER = "Preset…"
STEP = Decimal("0.1")  # a wheel notch; dragging moves a tenth of it per pixel
FINE_STEP = Decimal("0.01")  # the same with Shift held


def resize_centred(kernel: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """The kernel grown with zeros or cropped to `shape`, keeping it centred (odd leftovers go
    bottom/right), so a 3x3 sharpen becomes the same sharpen inside a 5x5."""
    out = np.zeros(shape, dtype=kernel.dtype)
    src, dst = [], []
    for old, new in zip(kernel.shape, shape):
        if new >= old:
            start = (new - old) // 2
            src.append(slice(0, old))
            dst.append(slice(start, start + old))
        else:
            start = (old - new) // 2
            src.append(slice(start, start + new))
            dst.append(slice(0, new))
    out[tuple(dst)] = kernel[tuple(src)]
    return out


def normalize_text(kernel: np.ndarray) -> tuple[str, str | None]:
    """The Normalize button's text and tooltip for `kernel` (tooltip None: there is nothing to do)."""
    rule = normalization(kernel)
    if rule is None:
        return "Normalize", None
    divisor = format_value(rule.divisor)
    if rule.by == "sum":
        flips = " (a negative sum flips the signs)" if rule.divisor < 0 else ""
        return "Normalize: Σ = 1", f"Divide every weight by their sum, {divisor}, so they sum to 1{flips}"
    return "Normalize: Σ|w| = 1", (
        "The weights sum to 0 (an edge detector), so they cannot sum to 1: divide every weight by the"
        f" sum of their absolute values, {divisor}, so those sum to 1"
    )


@dataclass
class _Drag:
    """A left-button press on a cell, which becomes a value drag once it moves far enough vertically."""

    cell: tuple[int, int]
    start_y: float
    y: float  # where the last change was measured from
    value: float
    moving: bool = False


class KernelGrid(GridView):
    """The grid of the editor: selection, drag, wheel, keys and the inline editor, in display cells.
    It reports edits as (row, column, value, final) and leaves the kernel array to KernelEditor."""

    edited = Signal(int, int, float, bool)

    DRAG_START = 3  # pixels of vertical motion before a press becomes a drag
    TYPING = set("0123456789-+.,")
    HELP = (
        "Drag up/down to change (Shift: finer). Ctrl+wheel: ±0.1 (with Shift ±0.01);\n"
        "the wheel alone changes only the selected cell, else it scrolls the panel.\n"
        "Double-click or type a number to enter it, arrow keys to move."
    )

    def __init__(self, parent: QWidget | None, theme: Theme):
        super().__init__(parent, theme=theme)
        self._selected = (0, 0)
        self._editing = (0, 0)  # the cell the inline editor is over
        self._drag: _Drag | None = None
        self._editor = CellEditor(self, theme)
        self._editor.accepted.connect(lambda value: self._emit(*self._editing, value, True))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.SizeVerCursor)
        self.set_labels("on")

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self._editor.set_theme(theme)

    def selected(self) -> tuple[int, int]:
        return self._selected

    def editor(self) -> CellEditor:
        return self._editor

    def select(self, cell: tuple[int, int]) -> None:
        rows, cols = self._values.shape
        self._selected = (max(0, min(rows - 1, cell[0])), max(0, min(cols - 1, cell[1])))
        self._show_selection()

    def _show_selection(self) -> None:
        """The selection outline only while the grid has keyboard focus, so exports stay clean."""
        focused = self.hasFocus() or self._editor.isVisible()
        self.set_current(self._selected if focused else None)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self._show_selection()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self._show_selection()

    def _tooltip(self, cell: tuple[int, int], value: float) -> str:
        return f"{super()._tooltip(cell, value)}\n{self.HELP}"

    def _emit(self, i: int, j: int, value: float, final: bool) -> None:
        self.edited.emit(i, j, value, final)

    def open_editor(self, text: str | None = None) -> None:
        """Type into the selected cell; `text` starts it (a typed key), else the value is selected."""
        self._editing = self._selected
        value = float(self._values[self._selected])
        rect = self.cell_rect(*self._selected).toAlignedRect()
        self._editor.open(rect, shortest_text(value) if text is None else text, select_all=text is None)
        self._show_selection()

    # ---------------------------------------------------------------- mouse
    def mousePressEvent(self, event) -> None:
        cell = self.cell_at(event.position())
        if event.button() != Qt.MouseButton.LeftButton or cell is None:
            super().mousePressEvent(event)
            return
        self.select(cell)
        y = event.position().y()
        self._drag = _Drag(cell, y, y, float(self._values[cell]))

    def mouseMoveEvent(self, event) -> None:
        super().mouseMoveEvent(event)
        drag = self._drag
        if drag is None:
            return
        y = event.position().y()
        if not drag.moving:
            if abs(y - drag.start_y) >= self.DRAG_START:
                drag.moving, drag.y = True, y  # measure from here: no jump when the drag starts
            return
        pixels = round(drag.y - y)
        if pixels == 0:
            return
        fine = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        drag.value = nudged(drag.value, pixels * (FINE_STEP if fine else STEP) / 10)
        drag.y -= pixels
        self._emit(*drag.cell, drag.value, False)

    def mouseReleaseEvent(self, event) -> None:
        drag, self._drag = self._drag, None
        if drag is not None and drag.moving and event.button() == Qt.MouseButton.LeftButton:
            self._emit(*drag.cell, drag.value, True)
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        cell = self.cell_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and cell is not None:
            self._drag = None
            self.select(cell)
            self.open_editor()
            return
        super().mouseDoubleClickEvent(event)

    def wheelEvent(self, event) -> None:
        """A weight changes by the wheel only on purpose: Ctrl held, or over the cell selected (with the
        keyboard focus). Any other wheel goes on to the scroll area, so scrolling the side panel past
        the kernel changes nothing."""
        cell = self.cell_at(event.position())
        delta = event.angleDelta().y() or event.angleDelta().x()  # some systems turn Shift+wheel sideways
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        chosen = ctrl or (self.hasFocus() and cell == self._selected)
        if cell is None or delta == 0 or not chosen:
            super().wheelEvent(event)  # ignored: the parent scrolls
            return
        self.select(cell)
        fine = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        amount = delta * (FINE_STEP if fine else STEP) / 120  # 120: one notch
        self._emit(*cell, nudged(float(self._values[cell]), amount), True)
        event.accept()

    # ----------------------------------------------------------------- keys
    def keyPressEvent(self, event) -> None:
        key = event.key()
        moves = {
            Qt.Key.Key_Up: (-1, 0),
            Qt.Key.Key_Down: (1, 0),
            Qt.Key.Key_Left: (0, -1),
            Qt.Key.Key_Right: (0, 1),
        }
        if key in moves:
            di, dj = moves[key]
            self.select((self._selected[0] + di, self._selected[1] + dj))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2):
            self.open_editor()
        elif event.text() and event.text() in self.TYPING:
            self.open_editor(event.text())
        else:
            super().keyPressEvent(event)


class KernelEditor(QWidget):
    """A kernel grid (diverging colours, values always shown) with size, preset, normalise and random
    controls. Emits `kernel_changed(kernel, final)`: final is False while dragging a value."""

    kernel_changed = Signal(np.ndarray, bool)
    preset_chosen = Signal(str)
    normalize_requested = Signal()
    random_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, theme: Theme = DEFAULT):
        super().__init__(parent)
        self.setAutoFillBackground(True)
        self._kernel = np.zeros((3, 3))
        self._flipped = False
        self._grid = KernelGrid(self, theme)
        self._grid.edited.connect(self._on_edited)
        self._caption = QLabel("flipped (true convolution)")
        self._caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._caption.hide()

        self.height_box = self._spin_box("Kernel height (rows)")
        self.width_box = self._spin_box("Kernel width (columns)")
        self.preset_box = QComboBox(toolTip="Load a named kernel")
        self.preset_box.activated.connect(self._on_preset)
        self.set_presets([])
        self.normalize_button = QPushButton("Normalize")
        self.normalize_button.clicked.connect(self.normalize_requested)
        self.random_button = QPushButton("Random", toolTip="Random weights")
        self.random_button.clicked.connect(self.random_requested)

        size_row = QHBoxLayout()
        size_row.addWidget(QLabel("Size"))
        size_row.addWidget(self.height_box)
        size_row.addWidget(QLabel("×"))
        size_row.addWidget(self.width_box)
        size_row.addStretch(1)
        size_row.addWidget(self.preset_box, 2)
        button_row = QHBoxLayout()
        button_row.addWidget(self.normalize_button)
        button_row.addWidget(self.random_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self._grid, 1)
        layout.addWidget(self._caption)
        layout.addLayout(size_row)
        layout.addLayout(button_row)
        self.set_theme(theme)
        self.set_kernel(self._kernel)

    def _spin_box(self, tooltip: str) -> QSpinBox:
        box = QSpinBox()
        box.setRange(1, MAX_KERNEL)
        box.setToolTip(tooltip)
        box.valueChanged.connect(self._on_resized)
        return box

    # ----------------------------------------------------------------- API
    def kernel(self) -> np.ndarray:
        return self._kernel.copy()

    def set_kernel(self, kernel: np.ndarray) -> None:
        """Show this kernel without emitting anything (the page is restoring or applying a scene)."""
        kernel = np.array(kernel, dtype=float)
        if kernel.ndim != 2 or not (
            1 <= kernel.shape[0] <= MAX_KERNEL and 1 <= kernel.shape[1] <= MAX_KERNEL
        ):
            raise ValueError(f"kernel must be 2-D with sides 1..{MAX_KERNEL}, got shape {kernel.shape}")
        self._kernel = kernel
        for box, n in ((self.height_box, kernel.shape[0]), (self.width_box, kernel.shape[1])):
            if box.value() == n:
                continue  # setting a spin box repaints it even when the value is the same
            box.blockSignals(True)
            box.setValue(n)
            box.blockSignals(False)
        self._show()

    def set_theme(self, theme: Theme) -> None:
        self.setPalette(theme.palette())
        self._grid.set_theme(theme)
        self._caption.setStyleSheet(f"color: {theme.muted_text}; font-style: italic;")

    def set_presets(self, names: list[str]) -> None:
        self.preset_box.clear()
        self.preset_box.addItems([PRESET_PLACEHOLDER, *names])

    def set_flipped(self, flipped: bool) -> None:
        """Show the kernel rotated 180°, as true convolution applies it; edits still land on the
        unflipped kernel that kernel_changed reports."""
        self._flipped = bool(flipped)
        self._caption.setVisible(self._flipped)
        self._show()

    def grid(self) -> GridView:
        return self._grid

    # ------------------------------------------------------------ internals
    def _show(self) -> None:
        self._grid.set_values(np.rot90(self._kernel, 2) if self._flipped else self._kernel, diverging=True)
        self._grid.select(self._grid.selected())
        self._describe_normalize()

    def _describe_normalize(self) -> None:
        """The button says what it will do to this kernel: the two cases divide by different sums."""
        text, tip = normalize_text(self._kernel)
        self.normalize_button.setEnabled(tip is not None)
        if self.normalize_button.text() != text:
            self.normalize_button.setText(text)
        self.normalize_button.setToolTip(tip or "An all-zero kernel has nothing to normalize")

    def _to_kernel(self, i: int, j: int) -> tuple[int, int]:
        rows, cols = self._kernel.shape
        return (rows - 1 - i, cols - 1 - j) if self._flipped else (i, j)

    def _on_edited(self, i: int, j: int, value: float, final: bool) -> None:
        self._kernel[self._to_kernel(i, j)] = value
        self._show()
        self.kernel_changed.emit(self.kernel(), final)

    def _on_resized(self) -> None:
        self._kernel = resize_centred(self._kernel, (self.height_box.value(), self.width_box.value()))
        self._show()
        self.kernel_changed.emit(self.kernel(), True)

    def _on_preset(self, index: int) -> None:
        name = self.preset_box.itemText(index)
        self.preset_box.setCurrentIndex(0)  # back to the placeholder, so the same preset can be chosen again
        if index > 0:
            self.preset_chosen.emit(name)
