"""How a transposed convolution grows its map: stride, padding (which crops the output), output_padding
(bounded by the stride and dilation, as PyTorch bounds it), dilation and how the animation shows it; and
the forward convolution it undoes, one click away on the Convolution page."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QPushButton, QVBoxLayout

from convviz.scene.scenes import TransposeScene
from convviz.timeline import NoOutput
from convviz.timeline.transpose import TransposeTimeline
from convviz.timeline.transpose_facts import undone_convolution_of
from convviz.ui.theme import Theme
from convviz.ui.widgets.spin_boxes import PairEditor

from .base import Changes, ControlGroup
from .choice_buttons import ChoiceButtons

AXES = ("height", "width")
VIEWS = {
    "scatter": ("Scatter", "Each input cell stamps kernel × its value into the output; overlaps add"),
    "zeros": ("Zeros", "Zeros between the input's cells, then the rotated kernel slides at stride 1"),
    "matrix": ("Matrix", "output = Cᵀ · input, C the matrix of the convolution it undoes (small inputs)"),
}
# the fields that decide the output, hence the convolution it undoes (not the view, not the step)
OUTPUT_FIELDS = ("input", "size", "kernel", "stride", "padding", "output_padding", "dilation")


def _times(pair) -> str:
    return f"{pair[0]} × {pair[1]}"


def output_padding_limit(scene: TransposeScene) -> tuple[int, int]:
    """The largest output_padding PyTorch allows per axis: one below max(stride, dilation)."""
    return tuple(max(s, d) - 1 for s, d in zip(scene.stride, scene.dilation))


def view_refusal(scene: TransposeScene) -> str | None:
    """Why `scene`'s view cannot show it when the scatter view can (a matrix of too large an output),
    in the timeline's words; None when it can, or when the scene has no output in any view."""
    try:
        TransposeTimeline(scene)
    except NoOutput as problem:
        try:
            TransposeTimeline(scene.replace(view="scatter"))
        except NoOutput:
            return None
        return str(problem)
    return None


def with_spacing(scene: TransposeScene, field: str, value: tuple[int, int]) -> TransposeScene:
    """`scene` with a new stride or dilation; an output_padding the new values no longer allow is
    lowered to the largest they do, in the same edit, so no impossible scene exists."""
    spaced = {"stride": scene.stride, "dilation": scene.dilation, field: value}
    most = (max(s, d) - 1 for s, d in zip(spaced["stride"], spaced["dilation"]))
    return scene.replace(**{field: value}, output_padding=tuple(map(min, scene.output_padding, most)))


class TransposeParameters(ControlGroup):
    def __init__(self, theme: Theme):
        super().__init__("Transposed-convolution parameters", theme, "transposeMessage")
        self._scene = TransposeScene()  # on show: its stride and dilation bound the output_padding
        self.stride = self._pair(TransposeScene, "stride")
        self.stride.connect(lambda value: self._space("stride", value))
        self.padding = self._pair(TransposeScene, "padding")
        self.padding.connect(self._sets("padding"))
        self.output_padding = PairEditor(*TransposeScene.limits("output_padding"), "output padding", "")
        self.output_padding.connect(self._sets("output_padding"))
        for axis, box in enumerate((self.output_padding.height_box, self.output_padding.width_box)):
            box.refused.connect(lambda typed, axis=axis: self._output_padding_refused(axis, typed))
        self.dilation = self._pair(TransposeScene, "dilation")
        self.dilation.connect(lambda value: self._space("dilation", value))
        self.compare = QCheckBox(
            "Compare dilations 1, 2, 3",
            toolTip="Show this kernel at dilations 1, 2 and 3 on this input, under the maps",
        )
        self.views = ChoiceButtons(VIEWS)
        self.views.chosen.connect(self._view_chosen)
        self.view_buttons = self.views.buttons
        form = QFormLayout(self)
        form.addRow("Stride", self.stride)
        form.addRow("Padding (crops)", self.padding)
        form.addRow("Output padding", self.output_padding)
        form.addRow("Dilation", self.dilation)
        form.addRow("", self.compare)
        form.addRow("Show", self.views)
        form.addRow(self.message)

    def show_scene(self, scene: TransposeScene, changed: Changes) -> None:
        self._scene = scene
        if changed("stride"):
            self.stride.set_value(scene.stride)
        if changed("padding"):
            self.padding.set_value(scene.padding)
        if changed("stride", "dilation"):
            boxes = (self.output_padding.height_box, self.output_padding.width_box)
            for box, most in zip(boxes, output_padding_limit(scene)):
                box.blockSignals(True)  # a lower maximum clamps the box: the scene's value follows
                box.setMaximum(most)
                box.blockSignals(False)
        if changed("output_padding", "stride", "dilation"):
            self.output_padding.set_value(scene.output_padding)
        if changed("dilation"):
            self.dilation.set_value(scene.dilation)
        if changed("view"):
            self.views.show_value(scene.view)

    def _space(self, field: str, value: tuple[int, int]) -> None:
        """A new stride or dilation; when it lowers the output_padding, say so in place."""
        before, spaced = self._scene.output_padding, with_spacing(self._scene, field, value)
        self._emit(lambda scene: with_spacing(scene, field, value))
        if spaced.output_padding != before:
            self.message.show_note(
                f"Output padding lowered from {_times(before)} to {_times(spaced.output_padding)}: PyTorch"
                " requires it smaller than the stride or the dilation on each axis, at most"
                f" {_times(output_padding_limit(spaced))} now."
            )

    def _view_chosen(self, view: str) -> None:
        """A view that cannot show the scene (the matrix of a large output) is refused in place with the
        timeline's reason; the scene keeps its view."""
        self._choose(self._scene, self.views, "view", view, view_refusal)

    def _output_padding_refused(self, axis: int, typed: str) -> None:
        scene = self._scene
        if typed.startswith("-"):
            self.message.show_problem(f"Output padding {typed} is refused: it is 0 or more cells.")
            return
        self.message.show_problem(
            f"Output padding {typed} is refused: it must be smaller than the stride ({scene.stride[axis]})"
            f" or the dilation ({scene.dilation[axis]}) in {AXES[axis]}, as PyTorch requires"
            f" — at most {output_padding_limit(scene)[axis]} here."
        )


class UndoneConvolutionGroup(ControlGroup):
    """The forward convolution this transposed one undoes (its output has this page's input size), with
    a button that opens it; disabled, with the reason, when there is no output or no page can show it.
    open_scene(scene): the button was clicked on that ConvScene."""

    open_scene = Signal(object)

    def __init__(self, theme: Theme):
        super().__init__("The convolution it undoes", theme)
        self._conv = None
        self.words = QLabel(wordWrap=True)
        self.open_button = QPushButton("Open the convolution it undoes")
        self.open_button.clicked.connect(lambda: self.open_scene.emit(self._conv))
        layout = QVBoxLayout(self)
        layout.addWidget(self.words)
        layout.addWidget(self.open_button)

    def show_scene(self, scene: TransposeScene, changed: Changes) -> None:
        if not changed(*OUTPUT_FIELDS):
            return
        try:
            undone = undone_convolution_of(scene)
        except NoOutput as problem:
            self._conv, words = None, f"{problem} There is no convolution to open."
        else:
            self._conv, words = undone.scene, undone.words
        self.words.setText(words)  # the view says it beside the maps; here only why the button is off
        self.words.setVisible(self._conv is None)
        self.open_button.setEnabled(self._conv is not None)
        self.open_button.setToolTip(words)
