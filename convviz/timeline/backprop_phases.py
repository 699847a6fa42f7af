"""The first phases of the backward pass, each a small timeline of its own (`label`, `note`, `count`,
`step(k)`): through the pooling, through the ReLU, dL/dW and dL/db. `chain` is the BackpropTimeline
whose forward maps and engine gradients they show."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .pool import MAX_RULE
from .window import WindowStep, filled_until, window_cells


@dataclass(frozen=True)
class BackpropStep:
    """One step of the backward pass: which phase it belongs to (`phase`, a short label), what it does
    in a sentence with its numbers (`words`), the phase's own detail (a WindowStep for the sliding
    windows, a Route, Mask, Total, Stamp, Gather or MatrixColumn otherwise) and the map the phase builds
    as it stands after this step (`result`: accumulating maps hold what has arrived so far, maps filled
    cell by cell hold NaN where a cell is still to come)."""

    index: int  # in the whole timeline
    phase: str
    phase_index: int  # within its phase
    words: str
    detail: object
    result: np.ndarray


def number(value: float) -> str:
    """A value in a sentence: four significant digits, and never "-0"."""
    return f"{float(value) + 0.0:.4g}"


def cell_text(cell) -> str:
    return f"({int(cell[0])}, {int(cell[1])})"


def first_cells(values: np.ndarray, index: int) -> np.ndarray:
    """`values` with every cell after `index` (row-major) set to 0: the part of an upstream gradient
    that has travelled back so far."""
    kept = np.zeros_like(values)
    kept.reshape(-1)[: index + 1] = values.reshape(-1)[: index + 1]
    return kept


@dataclass(frozen=True)
class Route:
    """One pooled cell's gradient travelling back: from `out_cell` of the pooled map (its dL/dY
    `value`) to `targets` of the pooling's input, `shares` each (max: the argmax only, all of it;
    average: every cell of its window, value / window size). `window` is the pooling window's cells."""

    out_cell: tuple[int, int]
    value: float
    window: np.ndarray  # (kH * kW, 2) cells of the pooling's input
    targets: np.ndarray  # (n, 2)
    shares: np.ndarray  # (n,) float32, what each target receives


class PoolRouting:
    """Through max pooling (each value to its window's maximum) or average pooling (split evenly), one
    step per pooled cell; the running map is the engine's backward of the values routed so far, so
    where windows overlap the values arriving at one cell add as they do in the engine."""

    def __init__(self, chain):
        self.chain = chain
        self.is_max = chain.scene.pool == "max"
        self.label = "max pool" if self.is_max else "avg pool"
        self.count = chain.pooled.size
        self.window = tuple(chain.scene.window)
        self.stride = chain.scene.pool_stride_size()
        into = f"the {chain.pool_input_name}"
        if self.is_max:
            self.note = (
                f"Through max pooling each dL/dY value goes to the maximum of its window in {into}"
                f" ({MAX_RULE}); every other cell gets 0, and where windows overlap the values arriving at"
                " one cell add."
            )
        else:
            self.note = (
                f"Through average pooling each dL/dY value is split evenly over its window in {into}:"
                f" 1/{self.window[0] * self.window[1]} of it to every cell; where windows overlap the"
                " shares add."
            )

    def step(self, k: int):
        chain, cell = self.chain, divmod(k, self.chain.pooled.shape[1])
        value = chain.upstream[cell]
        window = window_cells((cell[0] * self.stride[0], cell[1] * self.stride[1]), self.window, (1, 1))
        if self.is_max:
            targets = np.array([divmod(int(chain.pool_index[cell]), chain.activation.shape[1])])
            shares = np.array([value], dtype=np.float32)
        else:
            targets = window
            shares = np.full(len(window), value / np.float32(len(window)), dtype=np.float32)
        result = chain.pool_backward(first_cells(chain.upstream, k))
        route = Route(cell, float(value), window, targets, shares)
        return BackpropStep(k, self.label, k, self._words(k, route, result), route, result)

    def _words(self, k: int, route: Route, result: np.ndarray) -> str:
        g = f"dL/dY{cell_text(route.out_cell)} = {number(route.value)}"
        if not self.is_max:
            return (
                f"{g} is split over the {len(route.targets)} cells of its window:"
                f" {number(route.shares[0])} to each."
            )
        target = tuple(route.targets[0])
        forward = self.chain.activation[target]
        now = result[target]
        flat = target[0] * self.chain.activation.shape[1] + target[1]
        earlier = int(np.count_nonzero(self.chain.pool_index.reshape(-1)[:k] == flat))
        windows = "window" if earlier == 1 else "windows"
        already = f" (added to what {earlier} earlier {windows} sent there)" if earlier else ""
        return (
            f"{g} goes to {cell_text(target)}, the maximum ({number(forward)}) of its window; the gradient"
            f" there is now {number(now)}{already}."
        )


@dataclass(frozen=True)
class Mask:
    """ReLU's backward: `upstream` passes where `mask` (the forward input `forward` > 0), else 0."""

    forward: np.ndarray
    mask: np.ndarray
    upstream: np.ndarray
    result: np.ndarray


class ReluMask:
    """Through the ReLU, in one step: the gradient masked where the forward input was <= 0."""

    label = "ReLU"
    count = 1
    note = (
        "ReLU passes the gradient where its input was > 0 and blocks it where it was ≤ 0"
        " (ReLU'(0) = 0, as PyTorch)."
    )

    def __init__(self, chain):
        self.chain = chain

    def step(self, k: int):
        chain = self.chain
        mask = Mask(chain.conv, chain.relu_mask, chain.grad_activation, chain.grad_conv)
        blocked = int((~chain.relu_mask).sum())
        zeros = int((chain.conv == 0).sum())
        words = (
            f"{chain.gradient_name('conv')} = {chain.gradient_name('relu')} where the convolution's output"
            f" was > 0, else 0: {blocked} of {chain.conv.size} cells blocked"
            + (f", {zeros} of them at exactly 0." if zeros else ".")
        )
        return BackpropStep(0, self.label, 0, words, mask, chain.grad_conv)


class WeightGradient:
    """dL/dW, one step per weight of the kernel as written (row-major): the sum over every output
    position of the input cell that weight's tap reads times the error there. The cells are those of a
    window the size of the output, stride-spaced: the input correlated with the stride-dilated error."""

    label = "dL/dW"

    def __init__(self, chain):
        self.chain = chain
        self.count = chain.kernel.size
        g, (s0, s1) = chain.gradient_name("conv"), chain.stride
        self.note = (
            f"dL/dW is the input correlated with {g}: each weight's gradient sums input × {g} over the"
            " output positions."
        )
        if (s0, s1) != (1, 1):
            self.note += (
                f" With stride {s0}x{s1} the cells a weight reads are {s0}x{s1} apart: {g} dilated by the"
                " stride."
            )
        if chain.scene.flip:
            self.note += (
                " With flip the kernel is rotated 180° as it slides, so weight (a, b) reads the cells of"
                " the rotated tap."
            )

    def tap(self, weight: tuple[int, int]) -> tuple[int, int]:
        """Where weight (a, b) of the kernel as written sits in the kernel as it slides."""
        kh, kw = self.chain.kernel.shape
        return (kh - 1 - weight[0], kw - 1 - weight[1]) if self.chain.scene.flip else weight

    def step(self, k: int):
        chain = self.chain
        weight = divmod(k, chain.kernel.shape[1])
        tap = self.tap(weight)
        start = (tap[0] * chain.dilation[0], tap[1] * chain.dilation[1])
        cells = window_cells(start, chain.conv.shape, chain.stride)
        inputs = chain.padded[cells[:, 0], cells[:, 1]].reshape(chain.conv.shape)
        value = float(chain.grad_weight[weight])
        window = WindowStep(
            index=k, out_cell=weight, window=cells, inputs=inputs, weights=chain.grad_conv,
            products=inputs * chain.grad_conv, reduction="sum", value=value,
        )  # fmt: skip
        words = (
            f"dL/dW{cell_text(weight)} = Σ input × {chain.gradient_name('conv')} over the {chain.conv.size}"
            f" output positions = {number(value)}; its tap reads the padded input from {cell_text(start)}."
        )
        return BackpropStep(k, self.label, k, words, window, filled_until(chain.grad_weight, k))


@dataclass(frozen=True)
class Total:
    """dL/db: the sum of `values` (the convolution output's gradient), `value` as the engine has it."""

    values: np.ndarray
    value: float


class BiasGradient:
    """dL/db in one step: the bias is added to every output, so its gradient is the sum of the error."""

    label = "dL/db"
    count = 1

    def __init__(self, chain):
        self.chain = chain
        self.note = (
            f"The bias is added to every output, so dL/db is the sum of {chain.gradient_name('conv')}."
        )

    def step(self, k: int):
        chain = self.chain
        g = chain.gradient_name("conv")
        words = f"dL/db = Σ {g} over its {chain.conv.size} cells = {number(chain.grad_bias)}."
        result = np.array([[chain.grad_bias]], dtype=np.float32)
        return BackpropStep(0, self.label, 0, words, Total(chain.grad_conv, chain.grad_bias), result)
