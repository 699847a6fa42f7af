"""The kernel: its values edited in place (drag or type), presets, normalize and random, and shown
flipped when the scene computes a true convolution."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QVBoxLayout

from convviz.scene import edits
from convviz.scene.kernels import KERNEL_PRESETS
from convviz.scene.model import kernel_array
from convviz.scene.scenes import ConvFields
from convviz.ui.theme import Theme
from convviz.ui.widgets import KernelEditor

from .base import Changes, ControlGroup


class KernelGroup(ControlGroup):
    def __init__(self, theme: Theme):
        super().__init__("Kernel", theme)
        rng = np.random.default_rng()
        self.editor = KernelEditor(theme=theme)
        self.editor.setMinimumHeight(260)
        self.editor.set_presets(list(KERNEL_PRESETS))
        self.editor.kernel_changed.connect(
            lambda kernel, final: self._emit(lambda scene: edits.with_kernel_values(scene, kernel), final)
        )
        self.editor.preset_chosen.connect(lambda name: self._emit(lambda scene: scene.replace(kernel=name)))
        self.editor.normalize_requested.connect(lambda: self._emit(edits.with_normalized_kernel))
        self.editor.random_requested.connect(
            lambda: self._emit(lambda scene: edits.with_random_kernel(scene, rng))
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor)

    def show_scene(self, scene: ConvFields, changed: Changes) -> None:
        kernel = kernel_array(scene.kernel)
        shown = self.editor.kernel()
        if changed("kernel") and not (  # an edit made in the editor is already on show there
            shown.shape == kernel.shape and np.allclose(shown, kernel, rtol=1e-6, atol=0)
        ):
            self.editor.set_kernel(kernel)
        if hasattr(scene, "flip") and changed("flip"):  # pages without a flip never flip the kernel
            self.editor.set_flipped(scene.flip)

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)
        self.editor.set_theme(theme)
