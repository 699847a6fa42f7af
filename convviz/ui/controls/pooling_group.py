"""How a pooling window slides: max or average, the window (or the whole input, global pooling), the
stride (the window's own by default), padding, dilation (max only), ceil mode and whether average
pooling counts the padding (average only). Values that do not apply to the kind are never sent."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout

from convviz.scene.scenes import PoolScene
from convviz.ui.theme import Theme
from convviz.ui.widgets.spin_boxes import PairEditor

from .base import Changes, ControlGroup, PairOrWord, set_checked
from .choice_buttons import ChoiceButtons

KINDS = {
    "max": ("Max", "Max of the cells under the window"),
    "avg": ("Average", "Average of the cells under the window"),
}


def with_pool(scene: PoolScene, kind: str) -> PoolScene:
    """`scene` pooling by `kind`, the fields that do not apply to it back at their defaults (switching
    to average resets the dilation; to max, count_pad), in the same edit, so no impossible scene exists."""
    fresh = type(scene)(pool=kind)
    return scene.replace(pool=kind, **{name: getattr(fresh, name) for name in fresh.inapplicable()})


class StrideOrWindow(PairOrWord):
    """A pooling stride, or, ticked "= window", None: the window's own size, so windows never overlap
    (the editor then shows the window's size, greyed). Pages that pool share it."""

    def __init__(self, editor: PairEditor):
        box = QCheckBox("= window", toolTip="Stride the window's size: windows never overlap")
        super().__init__(editor, box, None)


class PoolingGroup(ControlGroup):
    def __init__(self, theme: Theme):
        super().__init__("Pooling", theme, "poolingMessage")
        shown = PoolScene()
        self._window, self._padding = shown.kernel_size(), shown.padding  # on show: they bound the padding
        self.kinds = ChoiceButtons(KINDS)
        self.kinds.chosen.connect(lambda kind: self._emit(lambda scene: with_pool(scene, kind)))
        self.kind_buttons = self.kinds.buttons
        self.window = self._pair(PoolScene, "window")
        self.whole = QCheckBox("global", toolTip="Global pooling: one window over the whole input")
        self._window_row = PairOrWord(self.window, self.whole, "global")
        self._window_row.changed.connect(self._sets("window"))
        self.stride = self._pair(PoolScene, "stride")
        self._stride_row = StrideOrWindow(self.stride)
        self.stride_is_window = self._stride_row.box
        self._stride_row.changed.connect(self._sets("stride"))
        self.padding = self._pair(PoolScene, "padding")
        self.padding.connect(self._padding_typed)
        self.dilation = self._pair(PoolScene, "dilation")
        self.dilation.connect(self._sets("dilation"))
        self.ceil = QCheckBox("Ceil mode (keep a last, partial window)")
        self.ceil.toggled.connect(self._sets("ceil"))
        self.count_pad = QCheckBox("Count padding in the average (count_include_pad)")
        self.count_pad.toggled.connect(self._sets("count_pad"))
        form = QFormLayout(self)
        form.addRow("Pooling", self.kinds)
        form.addRow("Window", self._window_row)
        form.addRow("Stride", self._stride_row)
        form.addRow("Padding", self.padding)
        form.addRow("Dilation", self.dilation)
        form.addRow(self.ceil)
        form.addRow(self.count_pad)
        form.addRow(self.message)

    def show_scene(self, scene: PoolScene, changed: Changes) -> None:
        self._window, self._padding = scene.kernel_size(), tuple(scene.padding)
        if changed("pool"):
            self.kinds.show_value(scene.pool)
            self.dilation.setEnabled(scene.pool == "max")
            self.count_pad.setEnabled(scene.pool == "avg")
        if changed("window"):
            self._window_row.set_value(scene.window)
        if changed("stride", "window", "size"):  # following the window, it shows the window's size
            self._stride_row.set_value(scene.stride, scene.stride_size())
        if changed("padding"):
            self.padding.set_value(scene.padding)
        if changed("dilation"):
            self.dilation.set_value(scene.dilation)
        if changed("ceil"):
            set_checked(self.ceil, scene.ceil)
        if changed("count_pad"):
            set_checked(self.count_pad, scene.count_pad)

    def _padding_typed(self, padding: tuple[int, int]) -> None:
        """PyTorch pads a pooling window by at most half its size on each side: more is refused here,
        in place, and the box goes back to the scene's padding."""
        most = tuple(k // 2 for k in self._window)
        if all(p <= m for p, m in zip(padding, most)):
            self._emit(lambda scene: scene.replace(padding=padding))
            return
        self.padding.set_value(self._padding)
        (kh, kw), (mh, mw) = self._window, most
        self.message.show_problem(
            f"Padding {padding[0]} × {padding[1]} is refused: a pooling window may be padded by at most half"
            f" its size, {mh} × {mw} for the {kh} × {kw} window."
        )
