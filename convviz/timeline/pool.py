"""The Pooling page's animation as data: one step per output cell, in row-major order, each equal to
the engine's max_pool2d / avg_pool2d, with the cell max pooling chose and the divisor of each average.

The map the windows slide over is the input with its padding drawn as what pooling reads there: -inf
for max (a padded cell never wins), 0 for average, and past the bottom and right edges the cells that
ceil mode's last windows reach, which are never counted."""

from __future__ import annotations

import numpy as np

from convviz.engine import avg_pool2d, max_pool2d
from convviz.scene.model import input_image
from convviz.scene.scenes import PoolScene

from .base import NoOutput, animates
from .window import AxisSize, WindowStep, filled_until, window_cells

MAX_RULE = "the first maximum in row-major window order wins; NaN wins"
AXES = (("height", "row", "bottom"), ("width", "column", "right"))


@animates(PoolScene)
class PoolTimeline:
    """The steps of one pooling scene."""

    def __init__(self, scene: PoolScene):
        self.scene = scene
        self.input = input_image(scene.input, scene.size)
        self.kernel = scene.kernel_size()
        self.stride = scene.stride_size()
        self.padding = tuple(scene.padding)
        self.dilation = tuple(scene.dilation)
        self.is_max = scene.pool == "max"
        try:
            if self.is_max:
                self.output, indices = max_pool2d(
                    self.input, self.kernel, self.stride, self.padding, self.dilation, scene.ceil,
                    return_indices=True,
                )  # fmt: skip
            else:
                self.output = avg_pool2d(
                    self.input, self.kernel, self.stride, self.padding, scene.ceil, scene.count_pad
                )
        except ValueError as error:
            raise NoOutput(f"No output: {error}.") from None
        self.count = self.output.size
        past = tuple(max(0, reach - p) for reach, p in zip(self._reach(), self.padding))
        self.past_edge = past  # cells past the bottom and right padding that ceil mode's windows reach
        (top, left), (bottom, right) = self.padding, (self.padding[0] + past[0], self.padding[1] + past[1])
        self.sides = (top, bottom, left, right)
        fill = -np.inf if self.is_max else 0.0
        self.padded = np.pad(self.input, ((top, bottom), (left, right)), constant_values=fill)
        self.padded.setflags(write=False)
        self.counted = self._counted_cells()  # the cells an average counts (all of them, for max)
        self.counted.setflags(write=False)
        if self.is_max:
            width = self.input.shape[1]
            self._chosen = np.stack((indices // width + top, indices % width + left), axis=-1)

    def _reach(self) -> tuple[int, int]:
        """How far past the input's bottom and right edges the last window reaches, in cells."""
        return tuple(
            (o - 1) * s + d * (k - 1) + 1 - p - n
            for o, s, d, k, p, n in zip(
                self.output.shape, self.stride, self.dilation, self.kernel, self.padding, self.input.shape
            )
        )

    def step(self, index: int) -> WindowStep:
        index = min(max(index, 0), self.count - 1)
        cell = divmod(index, self.output.shape[1])
        window = window_cells(
            (cell[0] * self.stride[0], cell[1] * self.stride[1]), self.kernel, self.dilation
        )
        return WindowStep(
            index=index,
            out_cell=cell,
            window=window,
            inputs=self.padded[window[:, 0], window[:, 1]].reshape(self.kernel),
            weights=None,
            products=None,
            reduction="max" if self.is_max else "mean",
            value=float(self.output[cell]),
            chosen=tuple(int(v) for v in self._chosen[cell]) if self.is_max else None,
            divisor=None if self.is_max else self._divisor(window),
        )

    def _divisor(self, window: np.ndarray) -> int:
        """How many of the window's cells its average divides by."""
        return int(self.counted[window[:, 0], window[:, 1]].sum())

    def _counted_cells(self) -> np.ndarray:
        """Which cells of the padded map an average counts, as PyTorch counts them: the input's cells,
        and the padding's only with count_include_pad; never the cells past the padding that ceil
        mode's last windows reach."""
        if self.is_max:  # max reads every cell; padding's -inf never wins
            return np.ones(self.padded.shape, dtype=bool)
        inside, past = self.cell_kinds(np.indices(self.padded.shape).reshape(2, -1).T)
        return (~past if self.scene.count_pad else inside).reshape(self.padded.shape)

    def cell_kinds(self, cells: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For (K, 2) cells of the padded map: which are the input's, and which lie past the bottom and
        right padding, where only ceil mode's last windows reach (the rest are padding)."""
        rows, cols = cells[:, 0], cells[:, 1]
        top, _, left, _ = self.sides
        (n, m), (height, width) = self.input.shape, self.padded.shape
        down, across = self.past_edge
        inside = (rows >= top) & (rows < top + n) & (cols >= left) & (cols < left + m)
        return inside, (rows >= height - down) | (cols >= width - across)

    def output_until(self, index: int) -> np.ndarray:
        """The output map as it stands after step `index`: later cells are NaN (not computed yet)."""
        return filled_until(self.output, index)

    def axis_sizes(self) -> tuple[AxisSize, AxisSize]:
        """The output-size formula's numbers for height and width (padding of both sides)."""
        return tuple(
            AxisSize(name, n, 2 * p, d, k, s, out)
            for (name, _, _), n, p, d, k, s, out in zip(
                AXES,
                self.input.shape,
                self.padding,
                self.dilation,
                self.kernel,
                self.stride,
                self.output.shape,
            )
        )

    def ceil_notes(self) -> tuple[str, ...]:
        """In ceil mode, per axis, in words: the extra window it kept, the one it dropped (a window must
        start inside the input or the left padding), or that the windows fit exactly. Empty without it."""
        if not self.scene.ceil:
            return ()
        notes = []
        for (name, cell, edge), axis in zip(AXES, self.axis_sizes()):
            n, p, d, k, s, out = axis.n, axis.padding // 2, axis.dilation, axis.kernel, axis.stride, axis.out
            floor_out = (n + 2 * p - d * (k - 1) - 1) // s + 1
            rounded_up = (n + 2 * p - d * (k - 1) - 1 + s - 1) // s + 1
            start = floor_out * s - p  # the first tap of the extra window, in input cells
            cells = f"{cell}s {start} to {start + d * (k - 1)}"
            if out > floor_out:
                notes.append(
                    f"Along the {name}, ceil mode keeps one more window ({cells}): it starts inside the"
                    f" {'input' if start >= 0 else 'left padding'}; its cells past the {edge} edge are"
                    " never counted."
                )
            elif rounded_up > floor_out:
                notes.append(
                    f"Along the {name}, the window ceil mode would add ({cells}) is dropped: it would start"
                    f" past the input's {edge} edge, and a window must start inside the input or the left"
                    " padding."
                )
            else:
                notes.append(f"Along the {name}, the windows fit exactly: ceil mode adds none.")
        return tuple(notes)
