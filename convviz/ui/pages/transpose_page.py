"""The Transposed-convolution page: a small input grown by a kernel's stamps, on the same input and
kernel controls as the Convolution page, the convolution it undoes one click away, and on request the
kernel at dilations 1, 2 and 3 under the maps."""

from __future__ import annotations

from convviz.scene.codecs import format_pair
from convviz.scene.link import format_link
from convviz.scene.scenes import TransposeScene
from convviz.ui.controls import InputGroup, KernelGroup, TransposeParameters, UndoneConvolutionGroup
from convviz.ui.registry import PAGES
from convviz.ui.theme import Theme

from .scene_page import ScenePage


@PAGES.shows(TransposeScene)
class TransposePage(ScenePage):
    def create_groups(self, theme: Theme):
        self.kernel_group = KernelGroup(theme)
        self.parameters = TransposeParameters(theme)
        self.parameters.compare.toggled.connect(self.view.set_dilations_compared)
        self.undone = UndoneConvolutionGroup(theme)
        self.undone.open_scene.connect(lambda conv: self.open_link.emit(format_link(conv)))
        return (InputGroup(TransposeScene, theme), self.kernel_group, self.parameters, self.undone)

    def title(self) -> str:
        return f"Transposed convolution · stride {format_pair(self._scene.stride)}"
