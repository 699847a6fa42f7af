"""What each view of the Transposed page draws: scatter (each input cell stamps kernel × its value into
the output), zeros (the rotated kernel at stride 1 over the input with zeros inserted) and matrix
(output = Cᵀ · input). A picture fills the maps that stay over a scene's steps once, then draws each
step's marks and returns its formula. Every value shown is the timeline's (the engine's)."""

from __future__ import annotations

import numpy as np

from convviz.engine import conv_transpose2d
from convviz.timeline.adjoint import BORDER, INSERTED, VALUE
from convviz.timeline.transpose import (
    OUTPUT_PADDING_ZERO,
    TransposeStep,
    TransposeTimeline,
    implicit_padding,
)
from convviz.ui.numbers import format_number
from convviz.ui.views.backprop_pictures import (
    SMALL,
    border_sides,
    every_cell,
    largest,
    show,
    size_of,
    sized_title,
)
from convviz.ui.views.formulas import listed_sum_text, number_text, sum_text
from convviz.ui.views.maps_view import output_colours


def output_range(timeline: TransposeTimeline) -> tuple[bool, tuple[float, float]]:
    """(diverging?, range) for the output and every partial sum of it: with a negative input or weight,
    stamps can cancel, so the range is as wide as the transposed convolution of |input| by |kernel|."""
    if timeline.input.min() >= 0 and timeline.kernel.min() >= 0:
        return output_colours(timeline.output)
    bound = conv_transpose2d(np.abs(timeline.input), np.abs(timeline.kernel), **timeline.params)
    return True, largest(bound)


class TransposePicture:
    """The maps a view reads, set once per timeline; `shares` are the panels it shows and their widths."""

    def __init__(self, view, timeline: TransposeTimeline):
        self.view, self.timeline = view, timeline
        self.diverging, self.range = output_range(timeline)
        self.shares = {view.input_panel: 1.0, view.output_panel: 1.2}
        show(view.input_panel, sized_title("Input", timeline.input), timeline.input)

    def show_output(self, step: TransposeStep, title: str = "Output") -> None:
        panel = self.view.output_panel
        panel.set_values(step.result, diverging=self.diverging, value_range=self.range)
        panel.set_title(sized_title(title, step.result))

    def step(self, step: TransposeStep) -> str:
        raise NotImplementedError


class ScatterPicture(TransposePicture):
    """The input with the stamping cell marked, the kernel, the stamp (kernel × value), the output
    accumulating with the stamp's cells outlined, and how many stamps reach each output cell."""

    def __init__(self, view, timeline):
        super().__init__(view, timeline)
        show(view.kernel_panel, sized_title("Kernel", timeline.kernel), timeline.kernel, labels="on")
        overlap = timeline.overlap
        view.overlap_panel.set_values(overlap.astype(float), value_range=(0.0, float(overlap.max() or 1)))
        view.overlap_panel.set_title("Stamps per cell")  # the output's size: the output's title says it
        scale = float(np.abs(timeline.kernel).max() * np.abs(timeline.input).max())
        self.stamp_range = (-scale, scale) if scale > 0 else (-1.0, 1.0)
        self.shares.update({view.kernel_panel: SMALL, view.stamp_panel: SMALL, view.overlap_panel: 1.2})

    def step(self, step):
        stamp, view = step.detail, self.view
        view.input_panel.grid.cells.set_current(stamp.input_cell)
        title = f"{number_text(format_number(stamp.value), True)} × kernel"
        show(view.stamp_panel, title, stamp.values, self.stamp_range, "on")
        self.show_output(step)
        landed = stamp.window[stamp.inside.ravel()]
        view.output_panel.grid.cells.set_window(landed)
        view.overlap_panel.grid.cells.set_window(landed)
        return ""


class ZerosPicture(TransposePicture):
    """The input spread (zeros inserted dashed, the implicit padding hatched, the output_padding band
    crossed), the rotated kernel sliding over it at stride 1, the output filling in, its sum written."""

    def __init__(self, view, timeline):
        super().__init__(view, timeline)
        spread, self.kinds = timeline.view.spread
        panel = view.wide_panel
        show(
            panel,
            f"Input · {size_of(timeline.input)} spread to {size_of(spread)}",
            spread,
            largest(timeline.input),
        )
        panel.grid.cells.set_padding(border_sides((self.kinds == VALUE) | (self.kinds == INSERTED)))
        panel.grid.cells.set_dashed(self.kinds == INSERTED)
        panel.grid.cells.set_uncounted(self.kinds == OUTPUT_PADDING_ZERO)  # crossed: the band added
        panel.grid.cell_note = self.what
        rotated = timeline.view.rotated
        show(view.kernel_panel, sized_title("Rotated kernel", rotated), rotated, labels="on")
        self.shares = {panel: 1.4, view.kernel_panel: 0.9, view.output_panel: 1.2}  # room for its title

    def what(self, cell: tuple[int, int]) -> str:
        """Where a spread cell's value comes from: an input cell, or which kind of zero."""
        kind = int(self.kinds[cell])
        if kind == INSERTED:
            return "a zero the stride inserts between input cells"
        if kind == BORDER:
            return "padding: d(k−1) − p zeros around the input"
        if kind == OUTPUT_PADDING_ZERO:
            return "output_padding: a zero added at the bottom or right"
        (top, left), (s0, s1) = implicit_padding(self.timeline), self.timeline.scene.stride
        return f"input[{(cell[0] - top) // s0}, {(cell[1] - left) // s1}]"

    def step(self, step):
        window, view = step.detail.window, self.view
        view.wide_panel.grid.cells.set_window(window.window)
        self.show_output(step)
        view.output_panel.grid.cells.set_current(window.out_cell)
        return sum_text(window, name="output")


class MatrixPicture(TransposePicture):
    """Cᵀ (rows output cells, columns input cells) with the current row outlined, the input (the vector
    Cᵀ multiplies, read row-major) with the cells the row uses outlined, the output filling in."""

    def __init__(self, view, timeline):
        super().__init__(view, timeline)
        matrix = timeline.view.matrix
        title = f"Cᵀ · {matrix.shape[0]} output cells × {matrix.shape[1]} input cells"
        show(view.wide_panel, title, matrix, labels="auto")
        view.wide_panel.grid.cell_note = self.what
        self.shares = {view.wide_panel: 1.6, view.input_panel: 0.8, view.output_panel: 1.0}
        self.row = every_cell((1, matrix.shape[1]))
        self.inputs = every_cell(timeline.input.shape)

    def what(self, cell: tuple[int, int]) -> str:
        (w_out, w_in) = self.timeline.output.shape[1], self.timeline.input.shape[1]
        out, inp = divmod(cell[0], w_out), divmod(cell[1], w_in)
        return f"output[{out[0]}, {out[1]}] from input[{inp[0]}, {inp[1]}]"

    def step(self, step):
        row, view = step.detail, self.view
        view.wide_panel.grid.cells.set_window(self.row + (row.row, 0))
        used = np.flatnonzero(row.weights)
        view.input_panel.grid.cells.set_window(self.inputs[used])
        self.show_output(step)
        view.output_panel.grid.cells.set_current(row.out_cell)
        if not used.size:
            return f"output[{row.out_cell[0]}, {row.out_cell[1]}] = 0 (no input cell reaches it)"
        return listed_sum_text(
            row.row, row.out_cell, row.weights[used], row.inputs[used], row.value, "output"
        )


PICTURES = {"scatter": ScatterPicture, "zeros": ZerosPicture, "matrix": MatrixPicture}
