"""One row of a layer stack: its kind and the numbers that kind has, in spin boxes (a number the kind
has not, say a pool's output channels or anything of a relu, is left blank), and a remove button.
Which kinds and columns a row offers is the stack's to say: the Receptive-field page's windows, or the
Network page's grammar with channels, groups, relu, flatten and linear."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QToolButton, QWidget

from convviz.engine.layers import SPATIAL_KINDS, LayerSpec
from convviz.ui.widgets.spin_boxes import limited_spin

# the numbers a row may have: LayerSpec field, column header, tool tip
NUMBERS = (
    ("kernel", "k", "Kernel (window) size"),
    ("stride", "s", "Stride"),
    ("padding", "p", "Padding on each side"),
    ("dilation", "d", "Dilation"),
    ("channels", "x", "Output channels of a conv layer; output features of a linear layer"),
    ("groups", "g", "Groups of a conv layer: each output channel reads its group's input channels"),
)
WINDOW_NUMBERS = ("kernel", "stride", "padding", "dilation")
# the numbers each kind has in the grammar (a linear layer's features are kept in `channels`)
NUMBERS_OF = {
    "conv": (*WINDOW_NUMBERS, "channels", "groups"),
    "maxpool": WINDOW_NUMBERS,
    "avgpool": WINDOW_NUMBERS,
    "relu": (),
    "flatten": (),
    "linear": ("channels",),
}
NEW_WINDOW = {"conv": 3, "maxpool": 2, "avgpool": 2}  # a windowless layer made a window: the usual one
NEW_FEATURES = 10  # a layer made linear from one without channels: a classifier's ten classes


def default_stride(kind: str, kernel: int) -> int:
    """What the grammar means when an item gives no s: 1 for conv, the window itself for pooling."""
    return 1 if kind == "conv" else kernel


def with_kind(spec: LayerSpec, kind: str) -> LayerSpec:
    """`spec` as another kind, keeping what the new kind has of it: a window keeps its numbers (a stride
    left at the old kind's default takes the new kind's, so conv3 becomes maxpool3, stride 3, not
    maxpool3s1; a pool has no channels or groups); conv x16 becomes linear16; a layer that had no
    window gets the usual one (conv3, maxpool2)."""
    if kind == spec.kind:
        return spec
    if kind in ("relu", "flatten"):
        return LayerSpec(kind, 1, 1)
    if kind == "linear":
        return LayerSpec(kind, 1, 1, channels=spec.channels if spec.kind == "conv" else NEW_FEATURES)
    if spec.kind not in SPATIAL_KINDS:
        return LayerSpec(kind, NEW_WINDOW[kind], default_stride(kind, NEW_WINDOW[kind]))
    stride = spec.stride
    if stride == default_stride(spec.kind, spec.kernel):
        stride = default_stride(kind, spec.kernel)
    kept = {"channels": spec.channels, "groups": spec.groups} if kind == "conv" else {}
    return LayerSpec(kind, spec.kernel, stride, spec.padding, spec.dilation, **kept)


def limit_name(kind: str, field: str) -> str:
    """The limits a row's number is held to: a linear layer's `channels` are its features."""
    return "features" if (kind, field) == ("linear", "channels") else field


class LayerRow(QObject):
    """One layer's widgets, placed in a row of the list's grid: a combo of `kinds` and a spin box per
    field of `columns`, within `limits` (by limit_name). changed(spec, final): the person set one of
    them, final False while a spin box's arrow is held down (it steps on its own) and True once more at
    its release, as a kernel drag does; refused(limit, text): a typed number outside the limits named
    `limit`; focused(): a part took focus."""

    changed = Signal(object, bool)
    refused = Signal(str, str)
    focused = Signal()

    def __init__(
        self,
        limits: dict[str, tuple[int, int]],
        parent: QWidget,
        kinds: tuple[str, ...] = SPATIAL_KINDS,
        columns: tuple[str, ...] = WINDOW_NUMBERS,
    ):
        super().__init__(parent)
        self._limits, self._kinds = limits, kinds
        self.number = QLabel(parent, alignment=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.kind = QComboBox(parent, toolTip="What the layer does")
        self.kind.addItems(list(kinds))
        self._spec = LayerSpec("conv", 1, 1)  # the layer on show, until set_spec shows the first
        self.kind.activated.connect(
            lambda index: self.changed.emit(with_kind(self._spec, kinds[index]), True)
        )
        tips = {name: tip for name, _, tip in NUMBERS}
        self.boxes = {}
        for name in columns:
            box = limited_spin(*limits[name], tips[name])
            box.setParent(parent)
            box.valueChanged.connect(lambda value, name=name: self._stepped(name, value))
            box.refused.connect(
                lambda text, name=name: self.refused.emit(limit_name(self._spec.kind, name), text)
            )
            self.boxes[name] = box
        self.remove = QToolButton(parent, text="✕", toolTip="Remove this layer")
        self.parts = {"kind": self.kind, **self.boxes, "remove": self.remove}
        self._held = self._stepped_while_held = False
        for part in self.parts.values():
            part.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FocusIn:
            self.focused.emit()
        elif kind == QEvent.Type.MouseButtonPress and watched in self.boxes.values():
            self._held = True
        elif kind == QEvent.Type.MouseButtonRelease and self._held:
            self._held = False
            if self._stepped_while_held:
                self._stepped_while_held = False
                self.changed.emit(self._spec, True)  # ends where the last live step left it
        return False

    def _stepped(self, name: str, value: int) -> None:
        self._stepped_while_held |= self._held
        self.changed.emit(replace(self._spec, **{name: value}), not self._held)

    def spec(self) -> LayerSpec:
        """The layer on show (a change the owner refused is not)."""
        return self._spec

    def set_spec(self, spec: LayerSpec) -> None:
        """Show `spec` without sending it back; the numbers its kind has not are blank."""
        self._spec = spec
        self.kind.blockSignals(True)
        self.kind.setCurrentIndex(self._kinds.index(spec.kind))
        self.kind.blockSignals(False)
        has = NUMBERS_OF[spec.kind]
        for name, box in self.boxes.items():
            box.blockSignals(True)
            low, high = self._limits[limit_name(spec.kind, name)]
            if (box.minimum(), box.maximum()) != (low, high):  # setting it would stop a held arrow
                box.setRange(low, high)
            if box.value() != getattr(spec, name):
                box.setValue(getattr(spec, name))
            box.blockSignals(False)
            box.setVisible(name in has)

    def focused_part(self) -> str | None:
        return next((name for name, part in self.parts.items() if part.hasFocus()), None)

    def widgets(self) -> list[QWidget]:
        return [self.number, *self.parts.values()]
