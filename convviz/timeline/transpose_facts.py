"""What the Transposed page says beside its animation, as data: the output-size formula with its numbers,
where the stamps overlap unevenly (checkerboard artifacts), the convolution the transposed one undoes,
and one kernel at dilations 1, 2 and 3 compared."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from convviz.engine import conv2d, conv_output_size, conv_transpose_output_size
from convviz.scene.codecs import format_pair
from convviz.scene.edits import drawing_source
from convviz.scene.limits import GRID
from convviz.scene.scenes import ConvScene

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
        return (
            f"({self.n} − 1)·{self.stride} − 2·{self.padding} + {self.dilation}·({self.kernel} − 1)"
            f" + {self.output_padding} + 1 = {self.out}"
        )


def axis_sizes(timeline: TransposeTimeline) -> tuple[TransposeAxisSize, TransposeAxisSize]:
    """The output-size formula's numbers for height and width, `out` by the engine's formula."""
    scene = timeline.scene
    return tuple(
        TransposeAxisSize(name, n, s, p, d, k, o, conv_transpose_output_size(n, k, s, p, o, d))
        for name, n, s, p, d, k, o in zip(
            ("height", "width"), timeline.input.shape, scene.stride, scene.padding, scene.dilation,
            timeline.kernel.shape, scene.output_padding,
        )
    )  # fmt: skip


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


@dataclass(frozen=True)
class DilatedConvolution:
    """One kernel at one dilation over an input (stride 1, no padding): the cells its taps span (its
    receptive field, per axis), the output (None when the dilated kernel is larger than the input)."""

    dilation: int
    receptive_field: tuple[int, int]
    output: np.ndarray | None
    words: str


def compare_dilations(
    image: np.ndarray, kernel: np.ndarray, dilations: tuple[int, ...] = (1, 2, 3)
) -> tuple[DilatedConvolution, ...]:
    """Dilated (atrous) convolution side by side: the same weights spread over a wider field as the
    dilation grows, so the output shrinks by d·(k−1) per axis."""
    cases = []
    (kh, kw), (h, w) = kernel.shape, image.shape
    for d in dilations:
        field = (d * (kh - 1) + 1, d * (kw - 1) + 1)
        head = (
            f"dilation {d}: the {kh}x{kw} kernel ({kh * kw} weights) spans {field[0]}x{field[1]} input cells"
        )
        if field[0] > h or field[1] > w:
            words = f"{head}, more than the {h}x{w} input: no output."
            cases.append(DilatedConvolution(d, field, None, words))
            continue
        output = conv2d(image, kernel, dilation=d)
        sizes = [f"{n} − {d}·({k} − 1) = {o}" for n, k, o in zip((h, w), (kh, kw), output.shape)]
        words = f"{head}; output {output.shape[0]}x{output.shape[1]} ({'; '.join(sizes)})."
        cases.append(DilatedConvolution(d, field, output, words))
    return tuple(cases)
