"""The Convolution page: draw or load an input, edit the kernel and the parameters, watch it slide."""

from __future__ import annotations

from convviz.scene.kernels import KERNEL_PRESETS
from convviz.scene.scenes import ConvScene
from convviz.ui.controls import ConvParameters, InputGroup, KernelGroup
from convviz.ui.registry import PAGES
from convviz.ui.theme import Theme

from .scene_page import ScenePage


@PAGES.shows(ConvScene)
class ConvPage(ScenePage):
    def create_groups(self, theme: Theme):
        self.kernel_group = KernelGroup(theme)
        self.parameters = ConvParameters(theme)
        return (InputGroup(ConvScene, theme), self.kernel_group, self.parameters)

    def title(self) -> str:
        kernel = self._scene.kernel if self._scene.kernel in KERNEL_PRESETS else "custom kernel"
        return f"Convolution · {kernel}"
