"""The Network page: a small CNN on the user's input, every layer's maps, and for a clicked map the
kernels that make it and how each of its values is summed over the input channels."""

from __future__ import annotations

from convviz.scene.limits import EDITS
from convviz.scene.messages import counted
from convviz.scene.network_edits import with_network_changes
from convviz.scene.network_fields import MapRef
from convviz.scene.scenes import NetworkScene
from convviz.ui.controls import NetworkGroup, NetworkInputGroup, NetworkStackGroup
from convviz.ui.controls.base import Changes, Edit
from convviz.ui.registry import PAGES
from convviz.ui.theme import Theme

from .scene_page import ScenePage

REFITTED = ("input", "size", "layers", "weights")  # changes the kernel edits and the map are fitted to


@PAGES.shows(NetworkScene)
class NetworkPage(ScenePage):
    def create_groups(self, theme: Theme):
        self.stack = NetworkStackGroup(theme)
        self.weights = NetworkGroup(theme)
        self.view.map_chosen.connect(self._choose_map)
        self.view.weight_chosen.connect(self.weights.edit_weight)
        return (NetworkInputGroup(theme), self.stack, self.weights)

    def _choose_map(self, layer: int, channel: int, step: int) -> None:
        """One history entry: the clicked map, at the step of the value clicked."""
        self._edit(self._scene.replace(map=MapRef(layer, channel), step=step))

    def _group_edited(self, edit: Edit, final: bool) -> None:
        """A new input, size, stack or weights keeps the kernel edits and the map wherever they still
        fit (a layer inserted before them moves them along); those dropped are named under the stack."""
        scene = self._scene
        bare = edit(scene.replace(edits=(), map=None))
        changes = {
            name: getattr(bare, name) for name in REFITTED if getattr(bare, name) != getattr(scene, name)
        }
        if not changes:
            self._edit_weights(edit(scene), final)
            return
        refit = with_network_changes(scene, **changes)
        self._edit(refit.scene, final)
        if refit.note:
            self.stack.message.show_note(refit.note)

    def _edit_weights(self, edited: NetworkScene, final: bool) -> None:
        """A kernel edit, unless it is one more than a link carries: refused in place, the editor back
        on the weights in use."""
        if len(edited.edits) <= EDITS[1]:
            self._edit(edited, final)
            return
        self.weights.show_scene(self._scene, Changes(None, self._scene))
        self.weights.message.show_problem(
            f"Refused: a network keeps at most {EDITS[1]} kernel edits (slices and biases); undo some first."
        )

    def title(self) -> str:
        return f"Network · {counted(self._scene.layers.count(',') + 1, 'layer')}"
