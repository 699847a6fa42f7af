"""How a convolution slides: stride, padding (or "same") and what the padded cells hold, dilation,
and whether the kernel is flipped (true convolution) or not (cross-correlation)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QHBoxLayout

from convviz.engine import PADDING_MODES
from convviz.scene.scenes import ConvScene
from convviz.ui.theme import Theme

from .base import Changes, ControlGroup, set_checked


class ConvParameters(ControlGroup):
    def __init__(self, theme: Theme):
        super().__init__("Parameters", theme, "parameterMessage")
        self.stride = self._pair(ConvScene, "stride")
        self.stride.connect(lambda v: self._emit(lambda scene: scene.replace(stride=v)))
        self.padding = self._pair(ConvScene, "padding")
        self.padding.connect(lambda v: self._emit(lambda scene: scene.replace(padding=v)))
        self.same = QCheckBox("same", toolTip="Pad so the output has the input's size (stride 1 only)")
        self.same.toggled.connect(
            lambda on: self._emit(lambda scene: scene.replace(padding="same" if on else self.padding.value()))
        )
        self.padding_mode = QComboBox(toolTip="What the padded cells hold")
        self.padding_mode.addItems(PADDING_MODES)
        self.padding_mode.activated.connect(
            lambda _: self._emit(lambda scene: scene.replace(padding_mode=self.padding_mode.currentText()))
        )
        self.dilation = self._pair(ConvScene, "dilation")
        self.dilation.connect(lambda v: self._emit(lambda scene: scene.replace(dilation=v)))
        self.flip = QCheckBox("True convolution (flip the kernel 180°)")
        self.flip.toggled.connect(lambda on: self._emit(lambda scene: scene.replace(flip=on)))
        padding_row = QHBoxLayout()
        padding_row.addWidget(self.padding, 1)
        padding_row.addWidget(self.same)
        form = QFormLayout(self)
        form.addRow("Stride", self.stride)
        form.addRow("Padding", padding_row)
        form.addRow("Padding mode", self.padding_mode)
        form.addRow("Dilation", self.dilation)
        form.addRow(self.flip)
        form.addRow(self.message)

    def show_scene(self, scene: ConvScene, changed: Changes) -> None:
        if changed("flip"):
            set_checked(self.flip, scene.flip)
        if changed("stride"):
            self.stride.set_value(scene.stride)
        if changed("padding"):
            same = scene.padding == "same"
            if not same:
                self.padding.set_value(scene.padding)
            self.padding.setEnabled(not same)
            set_checked(self.same, same)
        if changed("padding_mode"):
            self.padding_mode.setCurrentText(scene.padding_mode)
        if changed("dilation"):
            self.dilation.set_value(scene.dilation)
