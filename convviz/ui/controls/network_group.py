"""The Network page's side panel beyond the input's canvas: the input's colour presets, the layer stack
(its presets bring their own input; a stack change keeps the kernel edits that still fit), and the
weights: default or seeded, and the chosen map's kernel slices and bias edited in place."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton

from convviz.scene.network_edits import with_bias_edit
from convviz.scene.network_fields import NetWeights
from convviz.scene.network_inputs import COLOUR_PRESETS, input_channels
from convviz.scene.network_presets import NETWORK_PRESETS
from convviz.scene.scenes import NetworkScene
from convviz.timeline import NoOutput
from convviz.timeline.network import NetworkTimeline
from convviz.timeline.network_slices import KernelSlice, kernel_slices, with_slice_edit
from convviz.ui.theme import Theme
from convviz.ui.widgets.kernel_editor import KernelGrid
from convviz.ui.widgets.spin_boxes import LimitedDoubleSpin, limited_spin

from .base import Changes, ControlGroup
from .choice_buttons import ChoiceButtons
from .input_group import InputGroup
from .layer_stack import LayerStackGroup

WEIGHT_CHOICES = {
    "default": ("Default", "Edge and blur filters in the first conv layer, a fixed seed deeper"),
    "seed": ("Seeded", "Every layer seeded random: the seed restores the same network"),
}
BIAS_RANGE = 1e6  # what the bias box holds; a link may carry any finite value


class NetworkInputGroup(InputGroup):
    """The input group with the colour presets too; a colour input is painted on as its channels' mean
    (a stroke makes it grayscale, as the note under the canvas says). Pictures load in colour."""

    keeps_colour = True

    def __init__(self, theme: Theme):
        super().__init__(NetworkScene, theme)
        self.presets.addItems(COLOUR_PRESETS)

    def picture(self, scene: NetworkScene) -> np.ndarray:
        channels = input_channels(scene.input, tuple(scene.size))
        return channels.mean(axis=0) if channels.shape[0] > 1 else channels[0]

    def preset_of(self, scene: NetworkScene) -> str | None:
        return scene.input if scene.input in COLOUR_PRESETS else super().preset_of(scene)

    def show_scene(self, scene: NetworkScene, changed: Changes) -> None:
        super().show_scene(scene, changed)
        if changed("input", "size"):
            if input_channels(scene.input, tuple(scene.size)).shape[0] > 1:
                self.message.show_note(
                    "A colour input: the canvas shows its channels' mean; painting makes it grayscale."
                )


class NetworkStackGroup(LayerStackGroup):
    """The stack in the extended grammar; a preset also brings the input and size it is made for."""

    def __init__(self, theme: Theme):
        super().__init__(NetworkScene, [(p.name, p.layers) for p in NETWORK_PRESETS], theme, extended=True)

    def _preset_chosen(self, index: int) -> None:
        if index > 0:
            preset = NETWORK_PRESETS[index - 1]
            self._emit(
                lambda scene: scene.replace(layers=preset.layers, input=preset.input, size=preset.size)
            )
        else:
            super()._preset_chosen(index)


class NetworkGroup(ControlGroup):
    """How the weights are made, and the chosen map's weights: one kernel slice at a time (a slice is
    chosen here or by clicking it in the view) and the bias, each edit one history entry."""

    def __init__(self, theme: Theme):
        super().__init__("Weights", theme, "weightsMessage")
        self._timeline: NetworkTimeline | None = None
        self.slices: tuple[KernelSlice, ...] = ()
        self.kind = ChoiceButtons(WEIGHT_CHOICES)
        self.kind.chosen.connect(self._kind_chosen)
        self.seed = self._seed_box(
            "The seed of the random weights",
            lambda seed: lambda scene: scene.replace(weights=NetWeights(seed)),
        )
        self.map_label = QLabel()
        self.map_label.setWordWrap(True)
        self.slice = limited_spin(0, 0, "Which slice of the kernel to edit (or click one in the picture)")
        self.slice.valueChanged.connect(self.show_slice)
        self.grid = KernelGrid(self, theme)
        self.grid.setMinimumHeight(200)
        self.grid.edited.connect(self._weight_edited)
        self.bias = LimitedDoubleSpin(minimum=-BIAS_RANGE, maximum=BIAS_RANGE, decimals=4, singleStep=0.1)
        self.bias.setKeyboardTracking(False)
        self.bias.valueChanged.connect(self._bias_edited)
        self.reset = QPushButton("Undo all kernel edits", toolTip="Back to the weights as they were made")
        self.reset.clicked.connect(lambda: self._emit(lambda scene: scene.replace(edits=())))
        form = QFormLayout(self)
        form.addRow("Weights", self.kind)
        form.addRow("Seed", self.seed)
        form.addRow(self.map_label)
        form.addRow("Slice", self.slice)
        form.addRow(self.grid)
        form.addRow("Bias", self.bias)
        form.addRow(self.reset)
        form.addRow(self.message)

    def show_scene(self, scene: NetworkScene, changed: Changes) -> None:
        if changed("weights"):
            self.kind.show_value("default" if scene.weights.seed is None else "seed")
            self.seed.setEnabled(scene.weights.seed is not None)
            if scene.weights.seed is not None:
                self.seed.show_value(scene.weights.seed)
        self.reset.setEnabled(bool(scene.edits))
        try:
            self._timeline = NetworkTimeline(scene)
        except NoOutput:
            self._timeline, self.slices = None, ()
        else:
            self.slices = kernel_slices(self._timeline)
        has_weights = bool(self.slices)
        for widget in (self.slice, self.grid, self.bias):
            widget.setEnabled(has_weights)
        self.map_label.setText(self._map_text())
        self.slice.blockSignals(True)
        self.slice.setMaximum(max(len(self.slices) - 1, 0))
        self.slice.blockSignals(False)
        if has_weights:
            self.show_slice(self.slice.value())
            self.bias.show_value(self._timeline.bias)

    def _map_text(self) -> str:
        timeline = self._timeline
        if timeline is None:
            return "No network to edit: the stack does not run on this input."
        name = f"Map {timeline.layer}:{timeline.map.channel} ({timeline.spec})"
        if not self.slices:
            return f"{name} learns nothing: click a conv or linear layer's map to edit its weights."
        return f"{name}: {len(self.slices)} slices and a bias. Click a map in the picture to edit another."

    def show_slice(self, index: int) -> None:
        """Show slice `index` of the chosen map in the grid."""
        if not self.slices:
            return
        index = min(max(index, 0), len(self.slices) - 1)
        if self.slice.value() != index:
            self.slice.show_value(index)
        piece = self.slices[index]
        self.grid.set_values(piece.values, diverging=True)
        self.grid.set_title(piece.label)

    def edit_weight(self, index: int, row: int, column: int) -> None:
        """Slice `index` in the grid, the weight at (row, column) selected and the grid focused, so the
        next number typed replaces it (a click on a weight in the picture)."""
        self.show_slice(index)
        self.grid.select((row, column))
        self.grid.setFocus()

    def _kind_chosen(self, kind: str) -> None:
        weights = NetWeights() if kind == "default" else NetWeights(self.seed.value())
        self._emit(lambda scene: scene.replace(weights=weights))

    def _weight_edited(self, row: int, column: int, value: float, final: bool) -> None:
        timeline, piece = self._timeline, self.slices[self.slice.value()]
        self._emit(lambda scene: with_slice_edit(scene, timeline, piece, (row, column), value), final)

    def _bias_edited(self, value: float) -> None:
        if self._timeline is not None and self.slices:
            layer, out = self._timeline.layer, self._timeline.map.channel
            self._emit(lambda scene: with_bias_edit(scene, layer, out, value))
