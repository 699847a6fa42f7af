"""The Pooling page: max or average pooling over the same input tools as convolution."""

from __future__ import annotations

from convviz.scene.scenes import PoolScene
from convviz.ui.controls import InputGroup, PoolingGroup
from convviz.ui.registry import PAGES
from convviz.ui.theme import Theme

from .scene_page import ScenePage

NAMES = {"max": "Max pooling", "avg": "Average pooling"}


@PAGES.shows(PoolScene)
class PoolPage(ScenePage):
    def create_groups(self, theme: Theme):
        self.pooling = PoolingGroup(theme)
        return (InputGroup(PoolScene, theme), self.pooling)

    def title(self) -> str:
        window = self._scene.window
        size = "global" if window == "global" else f"{window[0]}x{window[1]}"
        return f"{NAMES[self._scene.pool]} · {size}"
