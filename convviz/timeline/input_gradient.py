"""dL/dX, the last phase of the backward pass, in the scene's view: scatter (each error stamps the kernel
into the input gradient), gather (the full correlation of the stride-dilated, padded error with the
180°-rotated kernel) or matrix (dL/dX = Cᵀ · error). All three end at the engine's `conv2d_backward`
grad_x; `chain` is the BackpropTimeline they belong to."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, partial

import numpy as np

from convviz.engine import conv2d, conv2d_backward

from .adjoint import check_matrix_size, gather_window, matrix_of, spread_map
from .backprop_phases import BackpropStep, cell_text, first_cells, number
from .window import WindowStep, filled_until, window_cells


def padding_note(chain) -> str:
    """What happens to the gradient of the padding cells, or "" without padding."""
    if not any(chain.sides):
        return ""
    mode = chain.scene.padding_mode
    if mode == "zeros":
        return " The gradient of the zero-padding cells is dropped: they are not part of the input."
    return (
        f" With {mode} padding every padding cell is a copy of an input cell, so its gradient is added onto"
        " that cell (folded back), as conv2d_backward does."
    )


def folds_padding(chain) -> bool:
    """Whether the scene pads with copies of input cells, whose gradient folds back onto them."""
    return any(chain.sides) and chain.scene.padding_mode != "zeros"


def in_padding(chain, cells: np.ndarray) -> np.ndarray:
    """Which of `cells` (padded coordinates) are padding rather than input."""
    top, _, left, _ = chain.sides
    rows, cols = cells[:, 0] - top, cells[:, 1] - left
    (h, w) = chain.input.shape
    return (rows < 0) | (rows >= h) | (cols < 0) | (cols >= w)


@dataclass(frozen=True)
class Stamp:
    """One error cell scattered back: `error` at `out_cell` times the kernel as it slides (`kernel`)
    gives `values`, added at `window` (padded-input cells, row-major)."""

    out_cell: tuple[int, int]
    error: float
    window: np.ndarray  # (kH * kW, 2)
    kernel: np.ndarray
    values: np.ndarray  # (kH, kW) kernel * error


class Scatter:
    """One step per output cell: the kernel × that cell's error stamped into the input gradient, a
    transposed convolution; the running map is the engine's dL/dX of the errors stamped so far."""

    label = "dL/dX (scatter)"

    def __init__(self, chain):
        self.chain = chain
        self.count = chain.conv.size
        g = chain.gradient_name("conv")
        self.note = (
            f"Each {g} cell adds kernel × its value into dL/dX (a transposed convolution); where stamps"
            " overlap they add." + padding_note(chain)
        )

    def step(self, k: int) -> BackpropStep:
        chain = self.chain
        cell = divmod(k, chain.conv.shape[1])
        error = chain.grad_conv[cell]
        start = (cell[0] * chain.stride[0], cell[1] * chain.stride[1])
        window = window_cells(start, chain.applied.shape, chain.dilation)
        stamp = Stamp(cell, float(error), window, chain.applied, chain.applied * error)
        result = chain.conv_backward(first_cells(chain.grad_conv, k))[0]
        padding = int(in_padding(chain, window).sum())
        words = (
            f"{chain.gradient_name('conv')}{cell_text(cell)} = {number(error)} stamps {number(error)} ×"
            f" kernel onto the padded input from {cell_text(start)}"
        )
        if padding:
            fate = (
                "dropped" if chain.scene.padding_mode == "zeros" else "folded back onto the cells they copy"
            )
            words += f"; {padding} of its {len(window)} cells are padding, {fate}"
        return BackpropStep(k, self.label, k, words + ".", stamp, result)


@dataclass(frozen=True)
class Gather:
    """One input cell's gradient read off the spread error map: `window` (a WindowStep over the spread
    map with the rotated kernel as its weights, its value the padded input's gradient there), `kinds`
    of the cells under the taps (SPREAD_KINDS), and `folded`: dL/dX of the cell, the engine's, which
    differs from the window's sum only where non-zero padding folds copies back."""

    window: WindowStep
    kinds: np.ndarray  # (kH, kW) int, indices into SPREAD_KINDS
    folded: float


SPREAD_KINDS = ("error", "inserted zero", "border zero")  # names of adjoint.VALUE, INSERTED, BORDER


class GatherView:
    """One step per input cell: the full correlation of the error, dilated by the stride (zeros inserted
    between its cells) and padded by the kernel's span minus one, with the 180°-rotated kernel."""

    label = "dL/dX (gather)"

    def __init__(self, chain):
        self.chain = chain
        self.count = chain.input.size
        self.rotated = chain.applied[::-1, ::-1]
        (s0, s1), g = chain.stride, chain.gradient_name("conv")
        spread = (
            "at stride 1 no zeros are inserted"
            if (s0, s1) == (1, 1)
            else f"dilated by the stride {s0}x{s1}: stride − 1 zeros inserted between neighbouring cells"
        )
        self.note = (
            f"dL/dX is the full correlation of {g}, padded by the kernel's span minus one, with the kernel"
            f" rotated 180° ({spread})."
        )
        if folds_padding(chain):
            self.note += (
                f" With {chain.scene.padding_mode} padding one window gives the gradient of one padded cell;"
                " folding the padding cells back onto the cells they copy (which no single window shows)"
                " adds the rest, and each step says how much."
            )
        else:
            self.note += padding_note(chain)

    @cached_property
    def spread(self) -> tuple[np.ndarray, np.ndarray]:
        """The spread error map and the kind of each of its cells (indices into SPREAD_KINDS): one
        window of the rotated kernel per padded-input cell, the bottom and right rows the floor dropped
        included."""
        chain = self.chain
        span = [d * (k - 1) + 1 for d, k in zip(chain.dilation, chain.applied.shape)]
        shape = tuple(p + s - 1 for p, s in zip(chain.padded.shape, span))
        return spread_map(chain.grad_conv, chain.stride, tuple(s - 1 for s in span), shape)

    @cached_property
    def padded_gradient(self) -> np.ndarray:
        """The gradient of every padded-input cell (rows the floor dropped get 0): the engine's backward
        pass over the already padded input, which sums in the order of the scene's own, so that inside
        the input (zero padding) it is dL/dX to the last bit."""
        chain = self.chain
        params = dict(stride=chain.stride, dilation=chain.dilation, flip=chain.scene.flip)
        return conv2d_backward(chain.padded, chain.kernel, chain.grad_conv, **params)[0]

    def step(self, k: int) -> BackpropStep:
        chain = self.chain
        cell = divmod(k, chain.input.shape[1])
        at = (cell[0] + chain.sides[0], cell[1] + chain.sides[2])
        value = float(self.padded_gradient[at])
        window, tap_kinds = gather_window(self.spread, self.rotated, at, chain.dilation, k, cell, value)
        folded = float(chain.grad_input[cell])
        words = (
            f"dL/dX{cell_text(cell)} = Σ rotated kernel × the spread {chain.gradient_name('conv')} under it"
            f" = {number(value)}"
        )
        inserted = int((tap_kinds == 1).sum())
        if inserted:
            words += f"; {inserted} of its {tap_kinds.size} taps read inserted zeros"
        if folded != value:
            words += f"; folding back the padding cells that copy it makes {number(folded)}"
        gather = Gather(window, tap_kinds, folded)
        return BackpropStep(k, self.label, k, words + ".", gather, filled_until(chain.grad_input, k))


@dataclass(frozen=True)
class MatrixColumn:
    """dL/dX of input cell `cell` (column `column` of C): C's column times the error, summed."""

    cell: tuple[int, int]
    column: int
    weights: np.ndarray  # (outputs,) C[:, column]
    errors: np.ndarray  # (outputs,) the error, flattened row-major
    products: np.ndarray
    value: float


class MatrixView:
    """The convolution as a matrix C (rows: output cells, columns: input cells, both row-major), built by
    convolving every one-hot input, and dL/dX = Cᵀ · error, one step per input cell. Shown for inputs of
    at most MATRIX_INPUT cells a side (C of a 12x12 input is up to 144 columns wide)."""

    label = "dL/dX (matrix)"

    def __init__(self, chain):
        h, w = chain.input.shape
        instead = "a smaller size, or the scatter or gather view"
        check_matrix_size((h, w), "input", "C has a column per input cell", instead)
        self.chain = chain
        self.count = h * w
        g = chain.gradient_name("conv")
        self.note = (
            "The convolution is a matrix C: row p holds the weight each input cell gets in output p, column"
            f" q how input cell q feeds every output. dL/dX = Cᵀ · {g}: cell q's gradient is column q of C"
            f" times {g}, summed."
        )
        if folds_padding(chain):
            self.note += (
                f" With {chain.scene.padding_mode} padding a cell copied into the padding feeds an output"
                " through several taps; C adds them."
            )
        convolve = partial(conv2d, weight=chain.kernel[None, None], **chain.conv_params)
        self.matrix = matrix_of(convolve, (h, w))  # (outputs, inputs)

    def step(self, k: int) -> BackpropStep:
        chain = self.chain
        cell = divmod(k, chain.input.shape[1])
        weights, errors = self.matrix[:, k], chain.grad_conv.reshape(-1)
        value = float(chain.grad_input[cell])
        column = MatrixColumn(cell, k, weights, errors, weights * errors, value)
        used = int(np.count_nonzero(weights))
        words = f"dL/dX{cell_text(cell)} = column {k} of C · {chain.gradient_name('conv')} = {number(value)}"
        words += f": {used} outputs use this cell." if used else ": no output uses this cell, so 0."
        return BackpropStep(k, self.label, k, words, column, filled_until(chain.grad_input, k))


DX_PHASES = {"scatter": Scatter, "gather": GatherView, "matrix": MatrixView}


def coverage_notes(chain) -> tuple[str, ...]:
    """Per axis, why input rows or columns that no window reads get a zero gradient: past the last
    window (the floor of the output-size formula drops them) or between the taps windows read."""
    kernel = np.ones_like(chain.applied)
    reads = conv2d_backward(chain.input, kernel, np.ones_like(chain.conv), **chain.conv_params)[0] > 0
    notes = []
    for axis, (name, cells) in enumerate((("rows", reads.any(axis=1)), ("columns", reads.any(axis=0)))):
        missing = np.flatnonzero(~cells)
        if not len(missing):
            continue
        last = (chain.conv.shape[axis] - 1) * chain.stride[axis]
        reach = last + chain.dilation[axis] * (chain.applied.shape[axis] - 1) - chain.sides[2 * axis]
        past = missing[missing > reach]
        between = missing[missing <= reach]
        if len(past):
            notes.append(
                f"{_listed(name, past)} past the last window: the floor in the output-size formula leaves"
                f" {_them(past)} out, so no output depends on {_them(past)} and the gradient is 0."
            )
        if len(between):
            notes.append(
                f"{_listed(name, between)} between the cells the windows read (stride {chain.stride[axis]},"
                f" dilation {chain.dilation[axis]}): no output depends on {_them(between)}, so the gradient"
                " is 0."
            )
    return tuple(notes)


def _listed(name: str, indices: np.ndarray) -> str:
    """'Input rows 1, 4 lie' or 'Input row 7 lies'."""
    if len(indices) == 1:
        return f"Input {name[:-1]} {int(indices[0])} lies"
    return f"Input {name} {', '.join(str(int(i)) for i in indices)} lie"


def _them(indices: np.ndarray) -> str:
    return "it" if len(indices) == 1 else "them"
