"""What each phase of the backward pass draws on the Backprop view. A picture is made when its phase
comes on show (it fills the maps the phase reads, which stay while it runs) and then draws each step:
the map being built, the marks, and returns the step's formula. Every value shown is the timeline's."""

from __future__ import annotations

import numpy as np

from convviz.engine import conv2d_backward
from convviz.timeline.backprop_phases import BiasGradient, PoolRouting, ReluMask, WeightGradient
from convviz.timeline.input_gradient import SPREAD_KINDS, GatherView, MatrixView, Scatter
from convviz.ui.numbers import format_number, format_value
from convviz.ui.views.formulas import listed_sum_text, number_text, sum_text
from convviz.ui.views.map_panel import MapPanel
from convviz.ui.views.maps_view import symmetric

SMALL = 0.75  # the width share of a kernel-sized map beside the full-sized ones


def size_of(values: np.ndarray) -> str:
    return f"{values.shape[0]}x{values.shape[1]}"


def sized_title(name: str, values: np.ndarray) -> str:
    return f"{name} · {size_of(values)}"


def forward_titles(chain) -> tuple[str, str, str, str]:
    """The forward maps' titles, each with what it is computed from and its size."""
    padded = "X (padded)" if any(chain.sides) else "X"
    into = "A" if chain.scene.relu else "Z"
    pool = f"Y = {chain.scene.pool}pool({into})"
    activation, pooled = chain.activation, chain.pooled
    return (
        f"{padded} · {size_of(chain.padded)}",
        f"Z = conv(X) · {size_of(chain.conv)}",
        f"A = ReLU(Z) · {size_of(activation)}",
        f"{pool} · {size_of(pooled)}" if pooled is not None else "",
    )


def largest(values: np.ndarray) -> tuple[float, float]:
    """A diverging range as wide as the largest |value| (finite values only)."""
    finite = np.abs(values[np.isfinite(values)])
    return symmetric(float(finite.max()) if finite.size else 0.0)


def show(panel: MapPanel, title: str, values: np.ndarray, value_range=None, labels: str = "auto") -> None:
    """A gradient map in diverging colours over `value_range` (its own largest |value| by default)."""
    panel.grid.set_labels(labels)
    panel.set_values(values, diverging=True, value_range=value_range or largest(values))
    panel.set_title(title)


def every_cell(shape: tuple[int, int]) -> np.ndarray:
    """The (rows * columns, 2) cells of a map of `shape`, row-major."""
    return np.stack(np.meshgrid(*(np.arange(n) for n in shape), indexing="ij"), -1).reshape(-1, 2)


def border_sides(inner: np.ndarray) -> tuple[int, int, int, int]:
    """(top, bottom, left, right): the rows and columns of a spread map around its `inner` cells (the
    values and the zeros inserted between them), which are the border's zeros, hatched as padding."""
    rows, cols = np.flatnonzero(inner.any(axis=1)), np.flatnonzero(inner.any(axis=0))
    if not rows.size:
        return (0, 0, 0, 0)
    (h, w) = inner.shape
    return (int(rows[0]), h - 1 - int(rows[-1]), int(cols[0]), w - 1 - int(cols[-1]))


class Picture:
    """The maps a phase reads, set once; `shares` are the backward panels it shows and their widths."""

    def __init__(self, view, chain, phase):
        self.view, self.chain, self.phase = view, chain, phase
        self.error = view.upstream_panel  # where the convolution output's gradient is on show
        self.shares = {view.upstream_panel: 1.0, view.result: 1.0}

    def show_error(self, panel: MapPanel) -> None:
        """dL/dZ in `panel`, unless it is dL/dY itself (no ReLU, no pooling), already on show."""
        name = self.chain.gradient_name("conv")
        if name != "dL/dY":
            show(panel, sized_title(name, self.chain.grad_conv), self.chain.grad_conv)
            self.shares[panel] = 1.0
            self.error = panel

    def step(self, step) -> str:
        raise NotImplementedError


class RoutePicture(Picture):
    """Pooling's backward: the pooled cell on dL/dY, its window on the pooling's input (the forward
    map, and the gradient map filling in), an arrow from the cell to each cell it sends to."""

    def __init__(self, view, chain, phase):
        super().__init__(view, chain, phase)
        self.into = view.forward[2] if chain.scene.relu else view.forward[1]
        name = chain.gradient_name("relu" if chain.scene.relu else "conv")
        self.title = sized_title(name, chain.grad_activation)
        self.range = largest(chain.pool_backward(np.abs(chain.upstream)))  # no partial sum goes past it

    def step(self, step) -> str:
        route, view = step.detail, self.view
        show(view.result, self.title, step.result, self.range)
        chosen = tuple(route.targets[0]) if self.phase.is_max else None
        for panel in (self.into, view.result):
            panel.grid.cells.set_window(route.window)
            panel.grid.cells.set_chosen(chosen)
        view.forward[3].grid.cells.set_current(route.out_cell)
        view.upstream_panel.grid.cells.set_current(route.out_cell)
        view.arrows.join(route.out_cell, [tuple(t) for t in route.targets])
        return ""


class MaskPicture(Picture):
    """ReLU's backward: the gradient arriving, and dL/dZ with the cells where Z ≤ 0 crossed out (on Z
    too), where the gradient stops."""

    def __init__(self, view, chain, phase):
        super().__init__(view, chain, phase)
        if chain.pooled is not None:
            show(view.first, sized_title("dL/dA", chain.grad_activation), chain.grad_activation)
            self.shares[view.first] = 1.0
        blocked = ~chain.relu_mask
        title = sized_title("dL/dZ", chain.grad_conv)
        show(view.result, title, chain.grad_conv, largest(chain.grad_activation))
        for panel in (view.forward[1], view.result):
            panel.grid.cells.set_uncounted(blocked)
        view.result.grid.cell_note = self.why

    def why(self, cell: tuple[int, int]) -> str:
        if self.chain.relu_mask[cell]:
            return ""
        return f"blocked: Z there was {format_value(self.chain.conv[cell])} ≤ 0"

    def step(self, step) -> str:
        return f"dL/dZ[i, j] = {self.chain.gradient_name('relu')}[i, j] if Z[i, j] > 0, else 0"


class WeightPicture(Picture):
    """dL/dW: the padded input with the cells one weight reads, dL/dZ that they are multiplied by, and
    dL/dW filling in weight by weight, its sum written out."""

    def __init__(self, view, chain, phase):
        super().__init__(view, chain, phase)
        show(view.first, forward_titles(chain)[0], chain.padded)
        view.first.grid.cells.set_padding(chain.sides)
        self.shares[view.first] = 1.2
        self.show_error(view.second)
        self.range = largest(chain.grad_weight)
        self.shares[view.result] = 0.8

    def step(self, step) -> str:
        window, view = step.detail, self.view
        view.first.grid.cells.set_window(window.window)
        view.forward[0].grid.cells.set_window(window.window)
        show(view.result, sized_title("dL/dW", step.result), step.result, self.range, "on")
        view.result.grid.cells.set_current(window.out_cell)
        return sum_text(window, name="dL/dW")


class BiasPicture(Picture):
    """dL/db: the whole of dL/dZ, summed into one number."""

    def __init__(self, view, chain, phase):
        super().__init__(view, chain, phase)
        self.show_error(view.first)
        self.error.grid.cells.set_window(every_cell(chain.grad_conv.shape))
        self.shares[view.result] = SMALL

    def step(self, step) -> str:
        show(self.view.result, "dL/db", step.result, labels="on")
        return ""


class ScatterPicture(Picture):
    """dL/dX by scatter: the error cell, the kernel times it, stamped (outlined) into dL/dX as it
    accumulates, and where it lands on the padded input."""

    def __init__(self, view, chain, phase):
        super().__init__(view, chain, phase)
        self.show_error(view.first)
        applied, error = np.abs(chain.applied), np.abs(chain.grad_conv)
        self.stamp_range = symmetric(float(applied.max() * error.max()))
        bound = conv2d_backward(chain.input, np.abs(chain.kernel), error, **chain.conv_params)[0]
        self.range = largest(bound)  # no partial sum of the stamps goes past it
        self.shares[view.second] = SMALL
        self.shares[view.result] = 1.2

    def step(self, step) -> str:
        stamp, view, chain = step.detail, self.view, self.chain
        self.error.grid.cells.set_current(stamp.out_cell)
        title = f"{number_text(format_number(stamp.error), True)} × kernel"
        show(view.second, title, stamp.values, self.stamp_range, "on")
        view.forward[0].grid.cells.set_window(stamp.window)
        top, _, left, _ = chain.sides
        view.result.grid.cells.set_window(stamp.window - (top, left))
        show(view.result, sized_title("dL/dX", step.result), step.result, self.range)
        return ""


class GatherPicture(Picture):
    """dL/dX by gather: the spread error (stride-dilated, padded by the kernel's span minus one; the
    inserted zeros in dashed squares, the border hatched), the rotated kernel sliding over it, and dL/dX
    filling in cell by cell, its sum written out."""

    def __init__(self, view, chain, phase):
        super().__init__(view, chain, phase)
        spread, self.kinds = phase.spread
        name = chain.gradient_name("conv")
        show(view.first, f"{name} spread · {size_of(spread)}", spread, largest(chain.grad_conv))
        sides = border_sides(self.kinds != SPREAD_KINDS.index("border zero"))
        self.name, self.corner = name, (sides[0], sides[2])
        view.first.grid.cells.set_padding(sides)
        view.first.grid.cells.set_dashed(self.kinds == SPREAD_KINDS.index("inserted zero"))
        view.first.grid.cell_note = self.what
        show(view.second, "rotated kernel", phase.rotated, labels="on")
        self.shares.update({view.first: 1.3, view.second: SMALL})
        self.range = largest(chain.grad_input)

    def what(self, cell: tuple[int, int]) -> str:
        """Where a spread cell's value comes from: an error cell, a zero the stride inserts, or the
        border of zeros the kernel's span needs."""
        kind = SPREAD_KINDS[int(self.kinds[cell])]
        if kind == "inserted zero":
            return "a zero the stride inserts between error cells"
        if kind == "border zero":
            return "border: a zero where the kernel's span reaches past the error"
        (s0, s1), (top, left) = self.chain.stride, self.corner
        return f"{self.name}[{(cell[0] - top) // s0}, {(cell[1] - left) // s1}]"

    def step(self, step) -> str:
        gather, view = step.detail, self.view
        view.first.grid.cells.set_window(gather.window.window)
        show(view.result, sized_title("dL/dX", step.result), step.result, self.range)
        view.result.grid.cells.set_current(gather.window.out_cell)
        return sum_text(gather.window, name="dL/dX")


class MatrixPicture(Picture):
    """dL/dX = Cᵀ · error: C (rows output cells, columns input cells) with the current column outlined,
    the error (read row-major, it is the vector C multiplies) with the outputs that use the cell
    outlined, and dL/dX filling in, the column's products written out."""

    def __init__(self, view, chain, phase):
        super().__init__(view, chain, phase)
        matrix = phase.matrix
        show(view.first, f"C · {matrix.shape[0]} outputs × {matrix.shape[1]} inputs", matrix)
        self.show_error(view.second)
        self.shares[view.first] = 1.6
        self.range = largest(chain.grad_input)
        self.column = every_cell((matrix.shape[0], 1))
        self.outputs = every_cell(chain.grad_conv.shape)

    def step(self, step) -> str:
        column, view = step.detail, self.view
        view.first.grid.cells.set_window(self.column + (0, column.column))
        used = np.flatnonzero(column.weights)
        self.error.grid.cells.set_window(self.outputs[used])
        show(view.result, sized_title("dL/dX", step.result), step.result, self.range)
        view.result.grid.cells.set_current(column.cell)
        if not used.size:
            return ""
        return listed_sum_text(
            column.column, column.cell, column.weights[used], column.errors[used], column.value, "dL/dX"
        )


PICTURES = {
    PoolRouting: RoutePicture,
    ReluMask: MaskPicture,
    WeightGradient: WeightPicture,
    BiasGradient: BiasPicture,
    Scatter: ScatterPicture,
    GatherView: GatherPicture,
    MatrixView: MatrixPicture,
}
