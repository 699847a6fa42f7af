"""What the Backprop page adds to a convolution: ReLU on or off, an optional max or average pooling (the
window, its stride the window's by default), the upstream gradient dL/dY (all ones, seeded random, or
one-hot at a cell of the last map) and how dL/dX is shown (scatter, gather, matrix)."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLabel, QPushButton

from convviz.scene.scenes import BackpropScene
from convviz.scene.upstream import Upstream
from convviz.timeline import NoOutput
from convviz.timeline.backprop import BackpropTimeline
from convviz.ui.theme import Theme
from convviz.ui.widgets.spin_boxes import limited_spin

from .base import Changes, ControlGroup, set_checked
from .choice_buttons import ChoiceButtons
from .pooling_group import StrideOrWindow, with_pool

POOLS = {
    "none": ("None", "No pooling: dL/dY is the gradient of the convolution's (or the ReLU's) output"),
    "max": ("Max", "Max pooling: each error goes back to its window's maximum"),
    "avg": ("Average", "Average pooling: each error is split evenly over its window"),
}
UPSTREAMS = {
    "ones": ("All ones", "dL/dY = 1 at every cell of the last map (L is the sum of the last map)"),
    "random": ("Random", "Seeded random dL/dY in [-1, 1], one decimal: the seed restores the same numbers"),
    "onehot": ("One-hot", "dL/dY = 1 at one cell of the last map (or click that cell on the map), else 0"),
}
VIEWS = {
    "scatter": ("Scatter", "Each error stamps kernel × error into dL/dX (a transposed convolution)"),
    "gather": ("Gather", "Full correlation of the stride-dilated, padded error with the rotated kernel"),
    "matrix": ("Matrix", "The convolution as a matrix C, and dL/dX = Cᵀ · error (small inputs only)"),
}
# the fields that decide the last map's shape, which bounds a one-hot cell
SHAPE_FIELDS = ("input", "size", "kernel", "stride", "padding", "dilation", "pool", "window", "pool_stride")


def with_one_hot(scene: BackpropScene, cell: tuple[int, int]) -> BackpropScene:
    """dL/dY one-hot at `cell` of the last map: a typed cell and a clicked one are the same edit."""
    return scene.replace(grad=Upstream("onehot", cell=(int(cell[0]), int(cell[1]))))


def last_map_shape(scene: BackpropScene) -> tuple[int, int] | None:
    """The shape of the map dL/dY belongs to, or None when the forward chain has no output. Computed
    with all-ones dL/dY and the scatter view, so a one-hot cell outside it or a matrix too large (the
    things this shape is asked for) do not hide it."""
    try:
        return BackpropTimeline(scene.replace(grad=Upstream(), view="scatter")).last.shape
    except NoOutput:
        return None


def view_refusal(scene: BackpropScene) -> str | None:
    """Why `scene`'s dL/dX view cannot show it when the scatter view can (a matrix of too large an
    input), in the timeline's words; None when it can, or when the scene has no output in any view."""
    try:
        BackpropTimeline(scene)
    except NoOutput as problem:
        return None if last_map_shape(scene) is None else str(problem)
    return None


class BackpropGroup(ControlGroup):
    def __init__(self, theme: Theme):
        super().__init__("Backprop", theme, "backpropMessage")
        self._scene = BackpropScene()
        self._last_shape: tuple[int, int] | None = None
        self._rng = np.random.default_rng()
        self.relu = QCheckBox("ReLU after the convolution", toolTip="ReLU'(0) = 0, as PyTorch")
        self.relu.toggled.connect(self._sets("relu"))
        self.pools = ChoiceButtons(POOLS)
        self.pools.chosen.connect(lambda kind: self._emit(lambda scene: with_pool(scene, kind)))
        self.window = self._pair(BackpropScene, "window")
        self.window.connect(self._sets("window"))
        self.pool_stride = self._pair(BackpropScene, "pool_stride")
        self._stride_row = StrideOrWindow(self.pool_stride)
        self._stride_row.changed.connect(self._sets("pool_stride"))
        self.upstreams = ChoiceButtons(UPSTREAMS)
        self.upstreams.chosen.connect(self._upstream_chosen)
        self.seed = self._seed_box("The seed of the random dL/dY", self._with_seed)
        self.new_seed = QPushButton("New seed", toolTip="Random dL/dY from a seed not used before")
        self.new_seed.clicked.connect(self._new_seed)
        self.row, self.column = (
            limited_spin(0, 0, f"The one-hot cell's {axis}") for axis in ("row", "column")
        )
        for box in (self.row, self.column):
            box.valueChanged.connect(lambda _: self._emit(lambda s: with_one_hot(s, self._typed_cell())))
            box.refused.connect(self._cell_refused)
        self.views = ChoiceButtons(VIEWS)
        self.views.chosen.connect(self._view_chosen)
        self._lay_out()

    def _lay_out(self) -> None:
        seed = QHBoxLayout()
        seed.addWidget(self.seed, 1)
        seed.addWidget(self.new_seed)
        cell = QHBoxLayout()
        for text, box in (("row", self.row), ("column", self.column)):
            cell.addWidget(QLabel(text))
            cell.addWidget(box, 1)
        form = QFormLayout(self)
        form.addRow(self.relu)
        form.addRow("Pooling", self.pools)
        form.addRow("Window", self.window)
        form.addRow("Pool stride", self._stride_row)
        form.addRow("dL/dY", self.upstreams)
        form.addRow("Seed", seed)
        form.addRow("Cell", cell)
        form.addRow("dL/dX", self.views)
        form.addRow(self.message)

    def show_scene(self, scene: BackpropScene, changed: Changes) -> None:
        self._scene = scene
        if changed("relu"):
            set_checked(self.relu, scene.relu)
        if changed("pool"):
            self.pools.show_value(scene.pool)
            for widget in (self.window, self._stride_row):
                widget.setEnabled(scene.pool != "none")
        if changed("window"):
            self.window.set_value(scene.window)
        if changed("pool_stride", "window"):  # following the window, it shows the window's size
            self._stride_row.set_value(scene.pool_stride, scene.pool_stride_size())
        if changed(*SHAPE_FIELDS):
            self._last_shape = last_map_shape(scene) or self._last_shape
        if changed("grad", *SHAPE_FIELDS):
            self._show_upstream(scene.grad)
        if changed("view"):
            self.views.show_value(scene.view)

    def _show_upstream(self, grad: Upstream) -> None:
        """The kind, the seed and the cell; the cell's boxes reach the last map's last row and column
        (and the scene's cell, if a change of the chain left it outside: the view says so, and the
        boxes show it as it is, for the user to move)."""
        self.upstreams.show_value(grad.kind)
        if grad.kind == "random":
            self.seed.show_value(grad.seed)
        rows, columns = self._last_shape or (1, 1)
        cell = grad.cell or (0, 0)
        for box, last, at in ((self.row, rows - 1, cell[0]), (self.column, columns - 1, cell[1])):
            box.blockSignals(True)
            box.setMaximum(max(last, at))
            box.blockSignals(False)
            if grad.kind == "onehot":
                box.show_value(at)
        self.seed.setEnabled(grad.kind == "random")
        for box in (self.row, self.column):
            box.setEnabled(grad.kind == "onehot")

    def _typed_cell(self) -> tuple[int, int]:
        return (self.row.value(), self.column.value())

    def _upstream_chosen(self, kind: str) -> None:
        grad = {
            "ones": Upstream(),
            "random": Upstream("random", seed=self.seed.value()),
            "onehot": Upstream("onehot", cell=self._typed_cell()),
        }[kind]
        self._emit(lambda scene: scene.replace(grad=grad))

    @staticmethod
    def _with_seed(seed: int):
        return lambda scene: scene.replace(grad=Upstream("random", seed=seed))

    def _new_seed(self) -> None:
        """A seed other than the one on show, so the numbers always change."""
        low, high = BackpropScene.limits("grad")
        shown = self._scene.grad.seed
        seed = shown
        while seed == shown:
            seed = int(self._rng.integers(low, high, endpoint=True))
        self._emit(self._with_seed(seed))

    def _cell_refused(self, typed: str) -> None:
        if self._last_shape is None:
            self.message.show_problem(f"{typed} is refused: the chain has no last map to put dL/dY on.")
            return
        rows, columns = self._last_shape
        self.message.show_problem(
            f"{typed} is refused: the last map is {rows} × {columns}, rows 0 to {rows - 1} and columns 0 to"
            f" {columns - 1}."
        )

    def _view_chosen(self, view: str) -> None:
        """A view that cannot show this scene (the matrix of a large input) is refused in place, with the
        timeline's reason; the scene keeps its view."""
        self._choose(self._scene, self.views, "view", view, view_refusal)
