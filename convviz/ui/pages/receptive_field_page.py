"""The Receptive-field page: a layer stack over an input, and how far each of its units sees; a click
on a cell of any layer's map follows that unit."""

from __future__ import annotations

from convviz.scene.field_probe import Unit
from convviz.scene.messages import counted
from convviz.scene.scenes import ReceptiveFieldScene
from convviz.ui.controls import FieldGroup, FieldStackGroup, InputGroup
from convviz.ui.registry import PAGES
from convviz.ui.theme import Theme

from .scene_page import ScenePage


@PAGES.shows(ReceptiveFieldScene)
class ReceptiveFieldPage(ScenePage):
    def create_groups(self, theme: Theme):
        self.stack = FieldStackGroup(theme)
        self.field = FieldGroup(theme)
        self.view.unit_chosen.connect(self._follow)
        return (InputGroup(ReceptiveFieldScene, theme), self.stack, self.field)

    def _follow(self, layer: int, row: int, column: int) -> None:
        """One history entry: the unit, at the last step, where its whole field shows."""
        self._edit(self._scene.replace(unit=Unit(layer, row, column), step=layer))

    def title(self) -> str:
        return f"Receptive field · {counted(self._scene.layers.count(',') + 1, 'layer')}"
