"""What the Transposed page says beside its animation, as data: the output-size formula with its numbers,
where the stamps overlap unevenly (checkerboard artifacts), the convolution the transposed one undoes,
and one kernel at dilations 1, 2 and 3 compared."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from convviz.engine import conv_output_size, conv_transpose2d, conv_transpose_output_size
from convviz.scene.codecs import format_pair
from convviz.scene.edits import drawing_source
from convviz.scene.limits import GRID
from convviz.scene.scenes import ConvScene, TransposeScene

from .transpose import TransposeTimeline


@dataclass(frozen=True)
class TransposeAxisSize:
    """The numbers of the output-size formula along one axis: (n−1)·s − 2p + d·(k−1) + output_padding + 1,
    with p the padding of each side."""

    name: str
    n: int
    stride: int
    padding: int
    dilation: int
    kernel: int
    output_padding: int
    out: int

    @property
    def formula(self) -> str:
        return f"{self.terms()} = {self.out}"

    def terms(self, dilation: str | None = None, output_padding: str | None = None) -> str:
        """The formula's left side; a dilation or output_padding given (a symbol, "d") stands for
        the number, for a formula over several dilations."""
        d = self.dilation if dilation is None else dilation
        o = self.output_padding if output_padding is None else output_padding
        return f"({self.n} − 1)·{self.stride} − 2·{self.padding} + {d}·({self.kernel} − 1) + {o} + 1"


def axis_sizes(timeline: TransposeTimeline) -> tuple[TransposeAxisSize, TransposeAxisSize]:
    """The output-size formula's numbers for height and width, `out` by the engine's formula."""
    scene = timeline.scene
    return _axis_sizes(
        timeline.input.shape, timeline.kernel.shape, scene.stride, scene.padding, scene.output_padding,
        scene.dilation,
    )  # fmt: skip


def _axis_sizes(shape, kernel_shape, stride, padding, output_padding, dilation):
    return tuple(
        TransposeAxisSize(name, n, s, p, d, k, o, conv_transpose_output_size(n, k, s, p, o, d))
        for name, n, s, p, d, k, o in zip(
            ("height", "width"), shape, stride, padding, dilation, kernel_shape, output_padding
        )
    )


def stamps_by_phase(kernel: int, stride: int, dilation: int) -> tuple[int, ...]:
    """Along one axis, away from the borders: how many kernel taps land on output positions x with
    x mod stride = 0, 1, ..., stride − 1 (tap a lands at i·stride + a·dilation)."""
    phases = [(a * dilation) % stride for a in range(kernel)]
    return tuple(phases.count(r) for r in range(stride))


def checkerboard_notes(timeline: TransposeTimeline) -> tuple[str, ...]:
    """Per axis where the stamps reach output cells unevenly, why, in words; () when even. Rows and
    columns that are uneven alike are said once, together."""
    uneven = {
        name: found
        for axis, name in enumerate(("rows", "columns"))
        if (found := _unevenness(timeline, axis)) is not None
    }
    if len(uneven) == 2 and uneven["rows"] == uneven["columns"]:
        uneven = {"rows and columns": uneven["rows"]}
    return tuple(_checkerboard_note(name, *found) for name, found in uneven.items())


def _unevenness(timeline: TransposeTimeline, axis: int) -> tuple[tuple[int, ...], str, int] | None:
    """(stamps per phase, why, stride) along one axis when the stamps land unevenly, else None."""
    k, s, d = timeline.kernel.shape[axis], timeline.scene.stride[axis], timeline.scene.dilation[axis]
    counts = stamps_by_phase(k, s, d)
    if len(set(counts)) == 1:
        return None
    why = f"the kernel size {k} is not a multiple of the stride {s}" if d == 1 else (
        f"the dilated taps (k {k}, dilation {d}) do not fall evenly on the stride {s}"
    )  # fmt: skip
    return counts, why, s


def _checkerboard_note(name: str, counts: tuple[int, ...], why: str, stride: int) -> str:
    if 0 in counts:
        why += f"; {name} that no stamp reaches stay 0 whatever the input"
    pattern = ", ".join(str(c) for c in counts)
    return (
        f"Away from the borders, output {name} get {pattern} stamps in turn, repeating every {stride}:"
        f" {why}, so the overlap is uneven and the output shows a checkerboard pattern even for a flat"
        " input."
    )


@dataclass(frozen=True)
class UndoneConvolution:
    """The forward convolution with the same weights, stride, padding and dilation whose input has this
    page's output size; `scene` opens it on the Convolution page (None when that grid cannot be shown)."""

    scene: ConvScene | None
    out_shape: tuple[int, int]  # its output size: this page's input size unless output_padding ≥ stride
    words: str


def undone_convolution(timeline: TransposeTimeline) -> UndoneConvolution:
    """The convolution the transposed one undoes, taking this page's output as its input; the transposed
    convolution is its adjoint (Cᵀ), which restores the shape, not the values."""
    scene, (h, w) = timeline.scene, timeline.output.shape
    out_shape = tuple(
        conv_output_size(n, k, s, 2 * p, d)
        for n, k, s, p, d in zip(timeline.output.shape, timeline.kernel.shape, scene.stride, scene.padding,
                                 scene.dilation)
    )  # fmt: skip
    n, (s, p, d) = timeline.input.shape, map(format_pair, (scene.stride, scene.padding, scene.dilation))
    words = (
        f"The convolution it undoes: a {h}x{w} input, this kernel, stride {s}, padding {p}, dilation {d}"
        f" gives a {out_shape[0]}x{out_shape[1]} output"
    )
    if out_shape == n:
        words += " — this page's input size. The transposed convolution is its adjoint (Cᵀ): it restores"
        words += " the shape, not the values."
    else:
        words += (
            f", not this page's {n[0]}x{n[1]} input: output_padding reaches a whole stride, so the"
            " transposed convolution is the adjoint of that convolution with its last outputs dropped."
        )
    if not GRID[0] <= min(h, w) <= max(h, w) <= GRID[1]:
        words += (
            f" The Convolution page shows inputs of {GRID[0]} to {GRID[1]} cells a side, so it has no link."
        )
        return UndoneConvolution(None, out_shape, words)
    conv = ConvScene(
        input=drawing_source(timeline.output), size=(h, w), kernel=scene.kernel, stride=tuple(scene.stride),
        padding=tuple(scene.padding), dilation=tuple(scene.dilation),
    )  # fmt: skip
    return UndoneConvolution(conv, out_shape, words)


def undone_convolution_of(scene: TransposeScene) -> UndoneConvolution:
    """undone_convolution for `scene` (raises NoOutput when it has none), computed once per scene: the
    view and the side panel both show it, and neither the view nor the step changes it."""
    return _undone_of(scene.replace(view="scatter", step=0))


@lru_cache(maxsize=4)
def _undone_of(scene: TransposeScene) -> UndoneConvolution:
    return undone_convolution(TransposeTimeline(scene))


@dataclass(frozen=True)
class DilatedTransposed:
    """The page's transposed convolution at one dilation d (its input, kernel, stride and padding): the
    cells one stamp spans, d·(k−1) + 1 per axis (the receptive field of the convolution it undoes), the
    output_padding used, the output-size formula per axis, and the output (None, with the engine's
    reason in `problem`, when there is none)."""

    dilation: int
    span: tuple[int, int]
    output_padding: tuple[int, int]
    sizes: tuple[TransposeAxisSize, TransposeAxisSize]
    output: np.ndarray | None
    problem: str | None = None


def compare_dilations(
    timeline: TransposeTimeline, dilations: tuple[int, ...] = (1, 2, 3)
) -> tuple[DilatedTransposed, ...]:
    """Dilated (atrous) kernels side by side on this page's input: the same weights spread over a wider
    field as d grows, so every stamp spans d·(k−1) + 1 cells and the output grows by k − 1 per step of d.
    An output_padding that d does not allow (it must stay below max(stride, d)) is lowered."""
    scene = timeline.scene
    cases = []
    for d in dilations:
        span = tuple(d * (k - 1) + 1 for k in timeline.kernel.shape)
        padding = tuple(min(o, max(s, d) - 1) for o, s in zip(scene.output_padding, scene.stride))
        params = dict(stride=scene.stride, padding=scene.padding, output_padding=padding, dilation=(d, d))
        sizes = _axis_sizes(timeline.input.shape, timeline.kernel.shape, **params)
        try:
            output, problem = conv_transpose2d(timeline.input, timeline.kernel, **params), None
        except ValueError as error:
            output, problem = None, str(error)
        cases.append(DilatedTransposed(d, span, padding, sizes, output, problem))
    return tuple(cases)


def compared_words(cases: tuple[DilatedTransposed, ...]) -> str:
    """The comparison in words: only d changes, so the spans and each axis's output-size formula are
    written once, in d, with the numbers for every dilation."""
    dilations = ", ".join(str(case.dilation) for case in cases)
    if all(h == w for h, w in (case.span for case in cases)):
        spans = ", ".join(str(case.span[0]) for case in cases) + " cells a side"
    else:
        spans = ", ".join(format_pair(case.span) for case in cases) + " cells"
    formulas, lowered = [], []
    for axis, symbol in enumerate("HW"):
        sizes = [case.sizes[axis] for case in cases]
        paddings = [size.output_padding for size in sizes]
        o = str(paddings[0]) if len(set(paddings)) == 1 else "o"
        if o == "o":
            lowered.append(f"{symbol}' takes output padding o = {', '.join(map(str, paddings))}")
        formulas.append((symbol, sizes[0].terms("d", o), ", ".join(str(size.out) for size in sizes)))
    (_, h_terms, h_outs), (_, w_terms, w_outs) = formulas
    if (h_terms, h_outs) == (w_terms, w_outs):
        grows = f"H' = W' = {h_terms} = {h_outs}"
    else:
        grows = "; ".join(f"{symbol}' = {terms} = {outs}" for symbol, terms, outs in formulas)
    words = (
        f"Dilation {dilations}, this kernel, stride and padding on this input: a stamp spans"
        f" d·(k − 1) + 1 = {spans}, the receptive field of the convolution it undoes, and the output grows"
        f" with it: {grows}."
    )
    if lowered:
        words += f" ({'; '.join(lowered)}: it stays below max(stride, d).)"
    for case in cases:
        if case.output is None:
            words += f" Dilation {case.dilation}: no output, {case.problem}."
    return words
