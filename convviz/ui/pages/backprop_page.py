"""The Backprop page: the error flowing back through pooling, ReLU and the convolution, on the same
input, kernel and convolution controls as the Convolution page."""

from __future__ import annotations

from convviz.scene.scenes import BackpropScene
from convviz.ui.controls import BackpropGroup, ConvParameters, GradientCheckGroup, InputGroup, KernelGroup
from convviz.ui.controls.backprop_group import with_one_hot
from convviz.ui.registry import PAGES
from convviz.ui.theme import DEFAULT, Theme

from .scene_page import ScenePage

POOL_NAMES = {"max": "max pool", "avg": "avg pool"}


@PAGES.shows(BackpropScene)
class BackpropPage(ScenePage):
    def __init__(self, parent=None, *, theme: Theme = DEFAULT):
        super().__init__(parent, theme=theme)
        # a click on a cell of the last forward map puts the one-hot dL/dY there
        self.view.cell_clicked.connect(lambda _map, row, column: self._one_hot_at((row, column)))

    def create_groups(self, theme: Theme):
        self.kernel_group = KernelGroup(theme)
        self.parameters = ConvParameters(theme)
        self.backprop = BackpropGroup(theme)
        self.gradient_check = GradientCheckGroup(theme)
        groups = (self.kernel_group, self.parameters, self.backprop, self.gradient_check)
        return (InputGroup(BackpropScene, theme), *groups)

    def _one_hot_at(self, cell: tuple[int, int]) -> None:
        self._edit(with_one_hot(self._scene, cell))

    def title(self) -> str:
        """What the error flows back through last: the pooling, else the convolution (and its ReLU)."""
        scene = self._scene
        last = POOL_NAMES.get(scene.pool) or ("conv + ReLU" if scene.relu else "conv")
        return f"Backprop · {last}"
