"""The gradient check of a Backprop scene: central finite differences (float64) of
L = Σ dL/dY ⊙ Y for every weight and every input cell, beside the analytic dL/dW and dL/dX.

The chain is piecewise linear, so away from its kinks the differences are exact up to rounding. An
entry is on a kink when a nudge of it moves the chain onto another linear piece: a ReLU input crosses
or leaves 0, or a max window takes another cell (a tie broken). There the differences need not be the
analytic gradient, which takes PyTorch's side (ReLU'(0) = 0, the first maximum); such entries are
reported, not hidden. (Comparing the one-sided slopes alone misses kinks whose two sides happen to
have equal slopes, as symmetric kernels over flat regions make.)"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from convviz.engine import max_pool2d
from convviz.scene.limits import GRADIENT_CHECK_INPUT
from convviz.scene.scenes import BackpropScene

from .backprop import BackpropTimeline

NUDGE = 1e-3  # large enough that rounding is ~1e-12 of a slope, small against the inputs' 0..1


@dataclass(frozen=True)
class GradientCheck:
    """Analytic (the engine's, float32) and numeric (float64) gradients of the weights and the input;
    `kinked_*` marks the entries whose nudges move the chain onto another linear piece; `largest` is
    the largest |analytic - numeric| over the other entries, `largest_at_kinks` over the kinked ones
    (0 when there are none)."""

    analytic_weight: np.ndarray
    numeric_weight: np.ndarray
    analytic_input: np.ndarray
    numeric_input: np.ndarray
    kinked_weight: np.ndarray
    kinked_input: np.ndarray
    largest: float
    largest_at_kinks: float

    def words(self) -> str:
        kinks = int(self.kinked_weight.sum() + self.kinked_input.sum())
        text = f"Largest difference between finite differences and the analytic gradient: {self.largest:.2g}."
        if kinks:
            text += (
                f" {kinks} entries sit on a kink (nudging them moves a ReLU input across 0 or breaks a"
                " tied maximum), where a finite difference need not be the slope; the analytic gradient"
                " takes PyTorch's side there"
                f" (ReLU'(0) = 0, the first maximum), and they differ by up to {self.largest_at_kinks:.2g}."
            )
        return text


def gradient_check(scene: BackpropScene) -> GradientCheck:
    """Check `scene`'s analytic dL/dW and dL/dX against central differences of NUDGE; inputs of at most
    GRADIENT_CHECK_INPUT cells a side (every cell costs two forward passes). NoOutput as the timeline."""
    chain = BackpropTimeline(scene)
    h, w = chain.input.shape
    if max(h, w) > GRADIENT_CHECK_INPUT:
        raise ValueError(
            f"the gradient check runs on inputs of at most {GRADIENT_CHECK_INPUT}x{GRADIENT_CHECK_INPUT}"
            f" cells (two forward passes per cell); this input is {h}x{w}"
        )
    x, kernel = chain.input.astype(np.float64), chain.kernel.astype(np.float64)
    upstream = chain.upstream.astype(np.float64)

    def evaluate(inputs, kernels) -> tuple[np.ndarray, np.ndarray]:
        """L and the linear piece of every map in a batch (N, C, ...): one per nudge. The piece is which
        ReLU inputs are positive and which cell each max window takes."""
        conv, activation, pooled = chain.forward(inputs, kernels)
        count = conv.shape[0] * conv.shape[1]
        last = activation if pooled is None else pooled
        pieces = [np.zeros((count, 0), dtype=np.int64)]
        if scene.relu:
            pieces.append((conv > 0).reshape(count, -1))
        if scene.pool == "max":
            pieces.append(
                max_pool2d(activation, *chain.pool_shape, return_indices=True)[1].reshape(count, -1)
            )
        losses = np.einsum("ncij,ij->nc", last, upstream).reshape(-1)
        return losses, np.concatenate(pieces, axis=1)

    _, base_piece = evaluate(x[None, None], kernel[None, None])
    kernels = _nudged(kernel)[:, None]  # (2K, 1, kH, kW): one output channel per nudged kernel
    numeric_weight, kinked_weight = _slopes(*evaluate(x[None, None], kernels), base_piece, kernel.shape)
    inputs = _nudged(x)[:, None]  # (2HW, 1, H, W): one batch item per nudged input
    numeric_input, kinked_input = _slopes(*evaluate(inputs, kernel[None, None]), base_piece, x.shape)
    differences = np.concatenate(
        [np.abs(chain.grad_weight - numeric_weight).ravel(), np.abs(chain.grad_input - numeric_input).ravel()]
    )
    kinked = np.concatenate([kinked_weight.ravel(), kinked_input.ravel()])
    return GradientCheck(
        analytic_weight=chain.grad_weight, numeric_weight=numeric_weight,
        analytic_input=chain.grad_input, numeric_input=numeric_input,
        kinked_weight=kinked_weight, kinked_input=kinked_input,
        largest=float(differences[~kinked].max(initial=0.0)),
        largest_at_kinks=float(differences[kinked].max(initial=0.0)),
    )  # fmt: skip


def _nudged(values: np.ndarray) -> np.ndarray:
    """(2 * size, *shape): `values` with each entry raised by NUDGE, then each lowered by NUDGE."""
    flat = np.eye(values.size).reshape(values.size, *values.shape) * NUDGE
    return np.concatenate([values + flat, values - flat])


def _slopes(losses: np.ndarray, pieces: np.ndarray, base_piece: np.ndarray, shape):
    """Central differences, and the entries whose nudge up or down leaves the base's linear piece."""
    up, down = np.split(losses, 2)
    moved = (pieces != base_piece).any(axis=1)
    kinked = np.logical_or(*np.split(moved, 2))
    return ((up - down) / (2 * NUDGE)).reshape(shape), kinked.reshape(shape)
