"""The Transposed page's animation as data, in the scene's view: scatter (each input cell stamps kernel ×
its value into the output), zeros (the fractionally strided picture: zeros inserted between the input's
cells, the 180°-rotated kernel sliding at stride 1) or matrix (output = Cᵀ · input). All three end at the
engine's `conv_transpose2d`. The two maps are always called "input" and "output", as the engine's
arguments are: the input is the small map, the output the grown one."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from convviz.engine import conv_transpose2d
from convviz.scene.codecs import format_pair
from convviz.scene.messages import counted
from convviz.scene.model import input_image, kernel_array
from convviz.scene.scenes import TransposeScene

from .adjoint import BORDER, check_matrix_size, gather_window, matrix_of, spread_map
from .backprop_phases import cell_text, first_cells, number
from .base import NoOutput, animates
from .window import WindowStep, filled_until, window_cells


@dataclass(frozen=True)
class TransposeStep:
    """One step: the view it belongs to, what it does in a sentence with its numbers (`words`), the
    view's detail (an InputStamp, ZerosWindow or MatrixRow) and the output as it stands after it
    (scatter: the stamps so far added up; zeros and matrix: the cells so far, NaN for those to come)."""

    index: int
    view: str
    words: str
    detail: object
    result: np.ndarray


@dataclass(frozen=True)
class InputStamp:
    """Input cell `input_cell` (its `value`) stamps `values` = kernel × value onto output cells
    `window` (row-major, as the kernel's taps); those outside the output (`inside` False) are cropped
    by the padding or lie past the output's edge."""

    input_cell: tuple[int, int]
    value: float
    window: np.ndarray  # (kH * kW, 2) output cells, may lie outside the output
    kernel: np.ndarray
    values: np.ndarray  # (kH, kW)
    inside: np.ndarray  # (kH, kW) bool


@dataclass(frozen=True)
class ZerosWindow:
    """One output cell as a stride-1 window of the rotated kernel over the zero-inserted, padded input,
    and the kind of each cell under its taps (indices into ZERO_KINDS)."""

    window: WindowStep
    kinds: np.ndarray  # (kH, kW) int


ZERO_KINDS = ("input", "inserted zero", "padding zero", "output_padding zero")  # VALUE, INSERTED, BORDER, 3
OUTPUT_PADDING_ZERO = 3


@dataclass(frozen=True)
class MatrixRow:
    """Output cell `out_cell` as row `row` of Cᵀ times the input (flattened row-major), summed."""

    out_cell: tuple[int, int]
    row: int
    weights: np.ndarray  # (inputs,)
    inputs: np.ndarray  # (inputs,)
    products: np.ndarray
    value: float


@animates(TransposeScene)
class TransposeTimeline:
    """The steps of one transposed-convolution scene, in its view."""

    def __init__(self, scene: TransposeScene):
        self.scene = scene
        self.input = input_image(scene.input, scene.size)
        self.kernel = kernel_array(scene.kernel)
        self.params = dict(
            stride=scene.stride,
            padding=scene.padding,
            output_padding=scene.output_padding,
            dilation=scene.dilation,
        )
        try:
            self.output = self.transposed(self.input)
        except ValueError as error:
            raise NoOutput(f"No output: {error}.") from None
        self.view = VIEWS[scene.view](self)
        self.count = self.view.count
        self.note = self.view.note

    def transposed(self, values: np.ndarray) -> np.ndarray:
        """The engine's transposed convolution of `values` (an input-sized map, or a batch of them)."""
        weight = self.kernel if values.ndim == 2 else self.kernel[None, None]
        return conv_transpose2d(values, weight, **self.params)

    def step(self, index: int) -> TransposeStep:
        return self.view.step(min(max(index, 0), self.count - 1))

    @cached_property
    def overlap(self) -> np.ndarray:
        """How many stamps reach each output cell (int): the transposed convolution of ones by ones."""
        ones = conv_transpose2d(np.ones_like(self.input), np.ones_like(self.kernel), **self.params)
        return np.rint(ones).astype(int)


class ScatterView:
    """One step per input cell, row-major: kernel × its value added into the output, overlaps adding."""

    name = "scatter"

    def __init__(self, timeline: TransposeTimeline):
        self.timeline = timeline
        self.count = timeline.input.size
        self.note = (
            "Each input cell stamps kernel × its value into the output, stride cells apart; where stamps"
            " overlap they add. The overlap map counts the stamps reaching each output cell."
        )

    def step(self, k: int) -> TransposeStep:
        t = self.timeline
        cell = divmod(k, t.input.shape[1])
        value = float(t.input[cell])
        start = tuple(c * s - p for c, s, p in zip(cell, t.scene.stride, t.scene.padding))
        window = window_cells(start, t.kernel.shape, t.scene.dilation)
        (h, w) = t.output.shape
        inside = (window[:, 0] >= 0) & (window[:, 0] < h) & (window[:, 1] >= 0) & (window[:, 1] < w)
        stamp = InputStamp(cell, value, window, t.kernel, t.kernel * value, inside.reshape(t.kernel.shape))
        words = f"input{cell_text(cell)} = {number(value)} stamps {number(value)} × kernel onto output"
        words += f" cells from {cell_text(start)}"
        cropped = int((~inside).sum())
        if cropped:
            words += f"; {cropped} of its {inside.size} cells fall outside the output and are cropped"
        result = t.transposed(first_cells(t.input, k))
        return TransposeStep(k, self.name, words + ".", stamp, result)


def implicit_padding(timeline: TransposeTimeline) -> tuple[int, int]:
    """Per axis, the zeros view's padding on each side: d(k−1) − p (negative: it crops instead)."""
    return tuple(
        d * (k - 1) - p
        for d, k, p in zip(timeline.scene.dilation, timeline.kernel.shape, timeline.scene.padding)
    )


def zeros_note(timeline: TransposeTimeline) -> str:
    """The zeros view in words, with the scene's numbers: what is inserted, padded or cropped."""
    scene, pad = timeline.scene, implicit_padding(timeline)
    (s0, s1), output_padding = scene.stride, scene.output_padding
    if (s0, s1) == (1, 1):
        inserted = "no zeros are inserted (stride 1)"
    else:
        zeros = "zero" if max(s0, s1) == 2 else "zeros"
        inserted = (
            f"stride − 1 = {format_pair((s0 - 1, s1 - 1))} {zeros} inserted between neighbouring input cells"
        )
    if min(pad) >= 0:
        around = f"it is padded by d(k−1) − p = {format_pair(pad)} zeros on each side"
    else:
        cropped, padded = format_pair([max(-q, 0) for q in pad]), format_pair([max(q, 0) for q in pad])
        around = (
            f"the padding p exceeds d(k−1), so it is cropped by {cropped} on each side (padded by {padded})"
        )
    if any(output_padding):
        around += f", and output_padding adds {format_pair(output_padding)} more at the bottom and right"
    return (
        f"The fractionally strided picture: {inserted}, {around}; the kernel rotated 180° slides over it"
        f" with stride 1 — stride 1/{format_pair((s0, s1))} on the input."
    )


class ZerosView:
    """One step per output cell, row-major: the rotated kernel at stride 1 over the input with stride − 1
    zeros inserted between its cells, padded by d(k−1) − p on each side (and output_padding more on the
    bottom and right) — the "fractionally strided" convolution, stride 1/s on the input."""

    name = "zeros"

    def __init__(self, timeline: TransposeTimeline):
        self.timeline = timeline
        self.count = timeline.output.size
        self.rotated = timeline.kernel[::-1, ::-1]
        self.note = zeros_note(timeline)

    @cached_property
    def spread(self) -> tuple[np.ndarray, np.ndarray]:
        """The zero-inserted, padded input and the kind of each of its cells (indices into ZERO_KINDS)."""
        t = self.timeline
        span = tuple(d * (k - 1) for d, k in zip(t.scene.dilation, t.kernel.shape))
        shape = tuple(o + s for o, s in zip(t.output.shape, span))
        values, kinds = spread_map(t.input, t.scene.stride, implicit_padding(t), shape)
        o0, o1 = t.scene.output_padding
        band = np.zeros(shape, dtype=bool)
        band[shape[0] - o0 :, :] = o0 > 0
        band[:, shape[1] - o1 :] |= o1 > 0
        kinds[band & (kinds == BORDER)] = OUTPUT_PADDING_ZERO
        return values, kinds

    def step(self, k: int) -> TransposeStep:
        t = self.timeline
        cell = divmod(k, t.output.shape[1])
        value = float(t.output[cell])
        window, tap_kinds = gather_window(self.spread, self.rotated, cell, t.scene.dilation, k, cell, value)
        words = (
            f"output{cell_text(cell)} = Σ rotated kernel × the zero-inserted input under it = {number(value)}"
        )
        counts = [(int((tap_kinds == kind).sum()), name) for kind, name in enumerate(ZERO_KINDS) if kind]
        read = [counted(n, name) for n, name in counts if n]
        if read:
            words += f"; of its {tap_kinds.size} taps, {', '.join(read)}"
        return TransposeStep(
            k, self.name, words + ".", ZerosWindow(window, tap_kinds), filled_until(t.output, k)
        )


class MatrixView:
    """Cᵀ of the matching convolution (rows: output cells, columns: input cells, both row-major), built
    by transposing every one-hot input; output = Cᵀ · input, one step per output cell. Shown for outputs
    of at most MATRIX_INPUT cells a side, as the Backprop page's matrix: Cᵀ has a row per output cell."""

    name = "matrix"

    def __init__(self, timeline: TransposeTimeline):
        h, w = timeline.output.shape
        instead = "a smaller input, stride or kernel, or the scatter or zeros view"
        check_matrix_size((h, w), "output", "Cᵀ has a row per output cell", instead)
        self.timeline = timeline
        self.count = h * w
        self.matrix = matrix_of(timeline.transposed, timeline.input.shape)  # (outputs, inputs)
        self.note = (
            f"The matching convolution is a matrix C taking an output-sized map ({h}x{w}) to an input-sized"
            " one; its transpose Cᵀ has a row per output cell and a column per input cell, and"
            " output = Cᵀ · input: each output cell is its row of Cᵀ times the input, summed."
        )

    def step(self, k: int) -> TransposeStep:
        t = self.timeline
        cell = divmod(k, t.output.shape[1])
        weights, inputs = self.matrix[k], t.input.reshape(-1)
        value = float(t.output[cell])
        row = MatrixRow(cell, k, weights, inputs, weights * inputs, value)
        used = int(np.count_nonzero(weights))
        words = f"output{cell_text(cell)} = row {k} of Cᵀ · input = {number(value)}"
        if used:
            words += f": {counted(used, 'input cell')} {'reaches' if used == 1 else 'reach'} it."
        else:
            words += ": no input cell reaches it, so 0."
        return TransposeStep(k, self.name, words, row, filled_until(t.output, k))


VIEWS = {view.name: view for view in (ScatterView, ZerosView, MatrixView)}
