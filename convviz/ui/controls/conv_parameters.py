"""How a convolution slides: stride, padding (or "same") and what the padded cells hold, dilation,
and whether the kernel is flipped (true convolution) or not (cross-correlation)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout

from convviz.engine import PADDING_MODES
from convviz.scene.scenes import ConvFields
from convviz.ui.theme import Theme

from .base import Changes, ControlGroup, PairOrWord, set_checked


class ConvParameters(ControlGroup):
    def __init__(self, theme: Theme):
        super().__init__("Parameters", theme, "parameterMessage")
        self.stride = self._pair(ConvFields, "stride")
        self.stride.connect(self._sets("stride"))
        self.padding = self._pair(ConvFields, "padding")
        self.same = QCheckBox("same", toolTip="Pad so the output has the input's size (stride 1 only)")
        self._padding_row = PairOrWord(self.padding, self.same, "same")
        self._padding_row.changed.connect(self._sets("padding"))
        self.padding_mode = QComboBox(toolTip="What the padded cells hold")
        self.padding_mode.addItems(PADDING_MODES)
        self.padding_mode.textActivated.connect(self._sets("padding_mode"))
        self.dilation = self._pair(ConvFields, "dilation")
        self.dilation.connect(self._sets("dilation"))
        self.flip = QCheckBox("True convolution (flip the kernel 180°)")
        self.flip.toggled.connect(self._sets("flip"))
        form = QFormLayout(self)
        form.addRow("Stride", self.stride)
        form.addRow("Padding", self._padding_row)
        form.addRow("Padding mode", self.padding_mode)
        form.addRow("Dilation", self.dilation)
        form.addRow(self.flip)
        form.addRow(self.message)

    def show_scene(self, scene: ConvFields, changed: Changes) -> None:
        if changed("flip"):
            set_checked(self.flip, scene.flip)
        if changed("stride"):
            self.stride.set_value(scene.stride)
        if changed("padding"):
            self._padding_row.set_value(scene.padding)
        if changed("padding_mode"):
            self.padding_mode.setCurrentText(scene.padding_mode)
        if changed("dilation"):
            self.dilation.set_value(scene.dilation)
