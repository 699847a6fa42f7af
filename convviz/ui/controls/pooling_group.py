"""How a pooling window slides: max or average, the window (or the whole input, global pooling), the
stride (the window's own by default), padding, dilation (max only), ceil mode and whether average
pooling counts the padding (average only). Values that do not apply to the kind are never sent."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QCheckBox, QFormLayout, QHBoxLayout, QRadioButton

from convviz.scene.scenes import PoolScene
from convviz.ui.theme import Theme

from .base import Changes, ControlGroup, set_checked

KINDS = {"max": "Max", "avg": "Average"}


def with_pool(scene: PoolScene, kind: str) -> PoolScene:
    """`scene` pooling by `kind`, the fields that do not apply to it back at their defaults (switching
    to average resets the dilation; to max, count_pad), in the same edit, so no impossible scene exists."""
    fresh = type(scene)(pool=kind)
    return scene.replace(pool=kind, **{name: getattr(fresh, name) for name in fresh.inapplicable()})


def _row(*widgets, stretch_first: bool = False) -> QHBoxLayout:
    """Widgets side by side, check boxes and radio buttons at their own widths (a click on the label
    takes them); `stretch_first`: the first one (an editor) takes the rest of the width."""
    row = QHBoxLayout()
    for index, widget in enumerate(widgets):
        row.addWidget(widget, int(stretch_first and index == 0))
    if not stretch_first:
        row.addStretch(1)
    return row


class PoolingGroup(ControlGroup):
    def __init__(self, theme: Theme):
        super().__init__("Pooling", theme, "poolingMessage")
        shown = PoolScene()
        self._window, self._padding = shown.kernel_size(), shown.padding  # on show: they bound the padding
        self.kinds = QButtonGroup(self)
        self.kind_buttons = {}
        for kind, text in KINDS.items():
            button = QRadioButton(text, toolTip=f"{text} of the cells under the window")
            button.clicked.connect(
                lambda _=False, kind=kind: self._emit(lambda scene: with_pool(scene, kind))
            )
            self.kinds.addButton(button)
            self.kind_buttons[kind] = button
        self.window = self._pair(PoolScene, "window")
        self.window.connect(lambda v: self._emit(lambda scene: scene.replace(window=v)))
        self.whole = QCheckBox("global", toolTip="Global pooling: one window over the whole input")
        self.whole.toggled.connect(
            lambda on: self._emit(lambda scene: scene.replace(window="global" if on else self.window.value()))
        )
        self.stride = self._pair(PoolScene, "stride")
        self.stride.connect(lambda v: self._emit(lambda scene: scene.replace(stride=v)))
        self.stride_is_window = QCheckBox(
            "= window", toolTip="Stride the window's size: windows never overlap"
        )
        self.stride_is_window.toggled.connect(self._stride_follows_window)
        self.padding = self._pair(PoolScene, "padding")
        self.padding.connect(self._padding_typed)
        self.dilation = self._pair(PoolScene, "dilation")
        self.dilation.connect(lambda v: self._emit(lambda scene: scene.replace(dilation=v)))
        self.ceil = QCheckBox("Ceil mode (keep a last, partial window)")
        self.ceil.toggled.connect(lambda on: self._emit(lambda scene: scene.replace(ceil=on)))
        self.count_pad = QCheckBox("Count padding in the average (count_include_pad)")
        self.count_pad.toggled.connect(lambda on: self._emit(lambda scene: scene.replace(count_pad=on)))
        form = QFormLayout(self)
        form.addRow("Pooling", _row(*self.kind_buttons.values()))
        form.addRow("Window", _row(self.window, self.whole, stretch_first=True))
        form.addRow("Stride", _row(self.stride, self.stride_is_window, stretch_first=True))
        form.addRow("Padding", self.padding)
        form.addRow("Dilation", self.dilation)
        form.addRow(self.ceil)
        form.addRow(self.count_pad)
        form.addRow(self.message)

    def show_scene(self, scene: PoolScene, changed: Changes) -> None:
        self._window, self._padding = scene.kernel_size(), tuple(scene.padding)
        if changed("pool"):
            for kind, button in self.kind_buttons.items():
                set_checked(button, kind == scene.pool)
            self.dilation.setEnabled(scene.pool == "max")
            self.count_pad.setEnabled(scene.pool == "avg")
        if changed("window"):
            whole = scene.window == "global"
            if not whole:
                self.window.set_value(scene.window)
            self.window.setEnabled(not whole)
            set_checked(self.whole, whole)
        if changed("stride", "window", "size"):
            follows = scene.stride is None
            low, high = PoolScene.limits("stride")
            if not follows or all(low <= v <= high for v in scene.stride_size()):  # else it would be clamped
                self.stride.set_value(scene.stride_size())
            self.stride.setEnabled(not follows)
            set_checked(self.stride_is_window, follows)
        if changed("padding"):
            self.padding.set_value(scene.padding)
        if changed("dilation"):
            self.dilation.set_value(scene.dilation)
        if changed("ceil"):
            set_checked(self.ceil, scene.ceil)
        if changed("count_pad"):
            set_checked(self.count_pad, scene.count_pad)

    def _stride_follows_window(self, on: bool) -> None:
        """On, the stride is the window's (None); off, it starts at the window's size, as large as a
        stride may be."""
        if on:
            self._emit(lambda scene: scene.replace(stride=None))
            return
        high = PoolScene.limits("stride")[1]
        stride = tuple(min(v, high) for v in self._window)
        self._emit(lambda scene: scene.replace(stride=stride))
        if stride != self._window:
            self.message.show_note(
                f"The stride starts at {stride[0]} × {stride[1]}, the largest a stride may be."
            )

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
