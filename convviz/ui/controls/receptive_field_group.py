"""The Receptive-field page's side panel beyond the input: the layer stack, whose edits keep the chosen
unit and the input meaningful (scene.field_edits), and the unit and the weights the effective
receptive field is measured with."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton

from convviz.scene.field_edits import with_stack
from convviz.scene.field_probe import ErfWeights
from convviz.scene.layer_presets import LAYER_PRESETS
from convviz.scene.scenes import ReceptiveFieldScene
from convviz.ui.theme import Theme

from .base import Changes, ControlGroup, Edit
from .choice_buttons import ChoiceButtons
from .layer_stack import LayerStackGroup, canonical

ERF_CHOICES = {
    "none": ("Off", "Do not measure the effective receptive field"),
    "uniform": ("Uniform", "Every conv weight 1/k²: the gradient over the input, |d unit / d input|"),
    "random": ("Random", "Seeded normal weights scaled 1/k: the seed restores the same heat map"),
}


class FieldStackGroup(LayerStackGroup):
    """The layer stack of the Receptive-field page. A preset that needs a larger input raises the size,
    and a stack that leaves the chosen unit outside its map goes back to the centre unit, in the same
    edit; the message says what was done."""

    def __init__(self, theme: Theme):
        super().__init__(ReceptiveFieldScene, LAYER_PRESETS, theme)
        self._scene = ReceptiveFieldScene()
        self._preset_stacks = {canonical(grammar) for _, grammar in LAYER_PRESETS}

    def show_scene(self, scene: ReceptiveFieldScene, changed: Changes) -> None:
        self._scene = scene
        super().show_scene(scene, changed)

    def _emit(self, edit: Edit, final: bool = True) -> None:
        """Every stack edit of the base group comes here: fitted to the scene, then said."""

        def fitted(scene: ReceptiveFieldScene) -> ReceptiveFieldScene:
            return self._fitted(edit(scene))[0]

        notes = self._fitted(edit(self._scene))[1]
        super()._emit(fitted, final)
        if notes:
            self.message.show_note(" ".join(notes))

    def _fitted(self, scene: ReceptiveFieldScene):
        preset = canonical(scene.layers) in self._preset_stacks
        return with_stack(scene, scene.layers, preset=preset)


class FieldGroup(ControlGroup):
    """Which unit is followed (chosen by clicking a map; a button goes back to the centre unit) and
    whether, and with which weights, its effective receptive field is measured."""

    def __init__(self, theme: Theme):
        super().__init__("Unit and effective field", theme, "fieldMessage")
        self.unit_text = QLabel(wordWrap=True)
        self.centre = QPushButton("Centre unit", toolTip="Follow the centre unit of the last layer")
        self.centre.clicked.connect(lambda: self._emit(lambda scene: scene.replace(unit=None)))
        self.weights = ChoiceButtons(ERF_CHOICES)
        self.weights.chosen.connect(self._weights_chosen)
        self.seed = self._seed_box(
            "The seed of the random weights",
            lambda seed: lambda scene: scene.replace(erf=ErfWeights("random", seed)),
        )
        form = QFormLayout(self)
        form.addRow(self.unit_text)
        form.addRow(self.centre)
        form.addRow("ERF weights", self.weights)
        form.addRow("Seed", self.seed)
        form.addRow(self.message)

    def show_scene(self, scene: ReceptiveFieldScene, changed: Changes) -> None:
        if changed("unit"):
            unit = scene.unit
            self.unit_text.setText(
                "Following the centre unit of the last layer. Click a cell of any layer's map to follow it."
                if unit is None
                else f"Following unit {unit.layer}:{unit.row},{unit.col} (layer {unit.layer}, row"
                f" {unit.row}, column {unit.col}). Click another cell to follow it."
            )
            self.centre.setEnabled(unit is not None)
        if changed("erf"):
            self.weights.show_value(scene.erf.kind)
            if scene.erf.kind == "random":
                self.seed.show_value(scene.erf.seed)
            self.seed.setEnabled(scene.erf.kind == "random")

    def _weights_chosen(self, kind: str) -> None:
        erf = ErfWeights("random", self.seed.value()) if kind == "random" else ErfWeights(kind)
        self._emit(lambda scene: scene.replace(erf=erf))
