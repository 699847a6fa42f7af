"""The layer stack of a scene with a `layers` field: one row per layer to edit, the same stack typed in
the grammar ("conv3p1,maxpool2"), and presets. Every change is one edit of the whole stack, written
canonically, and checked by the scene's own `layers` codec, so a stack the link would refuse is
refused here, in place, with the same reason, and the scene stays as it was. The Receptive-field
page's rows are windows (conv, maxpool, avgpool: k, s, p, d); the extended grammar's, the Network
page's, also have output channels and groups, and relu, flatten and linear layers."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit

from convviz.engine.layers import LAYER_KINDS, SPATIAL_KINDS, LayerSpec, parse_layers
from convviz.scene.base import PageScene
from convviz.scene.codecs import LinkError
from convviz.scene.limits import CHANNELS, DILATION, FEATURES, PADDING, STRIDE, WINDOW
from convviz.ui.theme import Theme
from convviz.ui.widgets.layer_list import LayerList
from convviz.ui.widgets.layer_row import NUMBERS, WINDOW_NUMBERS

from .base import PAIRS, Changes, ControlGroup

CUSTOM = "(custom)"  # the presets combo when the stack is no preset
# per grammar, windows only or extended: the kinds a row offers and the numbers it has boxes for
ROW_SHAPES = {False: (SPATIAL_KINDS, WINDOW_NUMBERS), True: (LAYER_KINDS, tuple(n for n, _, _ in NUMBERS))}
EXAMPLES = {False: "conv3p1,maxpool2,conv3d2", True: "conv5p2x6,relu,maxpool2,flatten,linear10"}
ROW_LIMITS = {
    "kernel": WINDOW, "stride": STRIDE, "padding": PADDING, "dilation": DILATION, "channels": CHANNELS,
    "groups": CHANNELS, "features": FEATURES,
}  # fmt: skip
ROW_RULES = {
    "kernel": PAIRS["window"][1],
    **{name: PAIRS[name][1] for name in ("stride", "padding", "dilation")},
    "channels": "a conv layer has {low} to {high} output channels",
    "groups": "a conv layer has {low} to {high} groups",
    "features": "a linear layer has {low} to {high} output features",
}


def canonical(layers: str) -> str:
    """A stack as links write it, defaults left out: how two spellings of one stack compare equal."""
    return ",".join(map(str, parse_layers(layers)))


class GrammarField(QLineEdit):
    """The stack as text. Enter, or leaving the field, sends `typed(text)` when it was edited; Escape
    puts back the stack on show and sends `restored()`."""

    typed = Signal(str)
    restored = Signal()

    def __init__(self, example: str):
        super().__init__(toolTip=f"The layers in the grammar, e.g. {example}; Enter applies")
        self._shown = ""
        self.editingFinished.connect(self._finished)

    def show_text(self, text: str) -> None:
        self._shown = text
        self.setText(text)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.setText(self._shown)
            self.restored.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def _finished(self) -> None:
        if self.text() != self._shown:
            self.typed.emit(self.text())


class LayerStackGroup(ControlGroup):
    """`presets`: (name, grammar) pairs the page offers. Works on any scene class whose `layers` field
    carries a codec that checks a stack and writes it canonically; `extended`: its rows offer the whole
    grammar (channels, groups, relu, flatten, linear), as the scene's codec must then take."""

    def __init__(
        self,
        scene_class: type[PageScene],
        presets: Sequence[tuple[str, str]],
        theme: Theme,
        *,
        extended: bool = False,
    ):
        super().__init__("Layers", theme, "layersMessage")
        self._codec = scene_class.codec("layers")
        self._shown: list[LayerSpec] = []
        self._presets = [(name, canonical(grammar)) for name, grammar in presets]
        self.presets = QComboBox(toolTip="Load a preset stack")
        self.presets.addItems([CUSTOM, *(name for name, _ in self._presets)])
        self.presets.activated.connect(self._preset_chosen)
        self.text = GrammarField(EXAMPLES[extended])
        self.text.typed.connect(self._apply)
        self.text.restored.connect(self.message.hide)
        self.rows = LayerList(ROW_LIMITS, *ROW_SHAPES[extended])
        self.rows.changed.connect(self._rows_changed)
        self.rows.refused.connect(self._row_refused)
        form = QFormLayout(self)
        form.addRow("Preset", self.presets)
        form.addRow("Stack", self.text)
        form.addRow(self.rows)
        form.addRow(self.message)

    def show_scene(self, scene: PageScene, changed: Changes) -> None:
        if not changed("layers"):
            return
        layers = canonical(scene.layers)
        self._shown = parse_layers(layers)
        self.text.show_text(layers)
        self.rows.set_specs(self._shown)
        self._show_preset(layers)

    def _show_preset(self, layers: str) -> None:
        names = [grammar for _, grammar in self._presets]
        self.presets.setCurrentIndex(names.index(layers) + 1 if layers in names else 0)

    def _rows_changed(self, specs: list[LayerSpec], final: bool) -> None:
        if not specs:
            self.message.show_problem("The only layer cannot be removed: a stack has at least one layer.")
            self.rows.set_specs(self._shown)
            return
        self._apply(",".join(map(str, specs)), final=final)

    def _apply(self, text: str, final: bool = True) -> None:
        """Send the stack if the scene's codec takes it; else say why, the rows back on the stack on show
        (typed text stays in its field, to be fixed or Escaped)."""
        try:
            layers = self._codec.parse(text, "layers")
        except LinkError as error:
            self.message.show_problem(f"Refused: {error}")
            self.rows.set_specs(self._shown)
            return
        self._emit(lambda scene: scene.replace(layers=layers), final)

    def _preset_chosen(self, index: int) -> None:
        """A preset is applied; choosing "(custom)" changes nothing, so the combo goes back."""
        if index > 0:
            self._apply(self._presets[index - 1][1])
        else:
            self._show_preset(",".join(map(str, self._shown)))

    def _row_refused(self, layer: int, field: str, typed: str) -> None:
        low, high = ROW_LIMITS[field]
        self.message.show_problem(
            f"Layer {layer}: {typed} is refused: {ROW_RULES[field].format(low=low, high=high)}."
        )
