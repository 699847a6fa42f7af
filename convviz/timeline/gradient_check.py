"""The gradient check of a Backprop scene: central finite differences (float64) of
L = Σ dL/dY ⊙ Y for every weight and every input cell, beside the analytic dL/dW and dL/dX.

The chain is piecewise linear, so away from its kinks the differences are exact up to rounding; at a
kink (a ReLU input at 0, a tied maximum) the two one-sided slopes differ, the analytic gradient takes
PyTorch's side (ReLU'(0) = 0, the first maximum), and those entries are reported, not hidden."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from convviz.scene.limits import GRADIENT_CHECK_INPUT
from convviz.scene.scenes import BackpropScene

from .backprop import BackpropTimeline

NUDGE = 1e-3  # large enough that rounding is ~1e-12 of a slope, small against the inputs' 0..1
SLOPE_TOLERANCE = 1e-6  # one-sided slopes further apart than this (relative) mark a kink


@dataclass(frozen=True)
class GradientCheck:
    """Analytic (the engine's, float32) and numeric (float64) gradients of the weights and the input;
    `kinked_*` marks the entries whose one-sided slopes differ; `largest` is the largest |analytic -
    numeric| over the other entries, `largest_at_kinks` over the kinked ones (0 when there are none)."""

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
                f" {kinks} entries sit on a kink (a ReLU input at 0 or a tied maximum), where the slope"
                " depends on the direction of the nudge; the analytic gradient takes PyTorch's side there"
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

    def losses(last: np.ndarray) -> np.ndarray:
        """L of every map in a batch (N, C, h, w): one per nudge."""
        return np.einsum("ncij,ij->nc", last, upstream).reshape(-1)

    def last_map(inputs, kernels) -> np.ndarray:
        _, activation, pooled = chain.forward(inputs, kernels)
        return activation if pooled is None else pooled

    base = float(losses(last_map(x[None, None], kernel[None, None]))[0])
    kernels = _nudged(kernel)[:, None]  # (2K, 1, kH, kW): one output channel per nudged kernel
    numeric_weight, kinked_weight = _slopes(losses(last_map(x[None, None], kernels)), base, kernel.shape)
    inputs = _nudged(x)[:, None]  # (2HW, 1, H, W): one batch item per nudged input
    numeric_input, kinked_input = _slopes(losses(last_map(inputs, kernel[None, None])), base, x.shape)
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


def _slopes(losses: np.ndarray, base: float, shape) -> tuple[np.ndarray, np.ndarray]:
    """Central differences, and where the one-sided slopes disagree (a kink between the nudges)."""
    up, down = np.split(losses, 2)
    forward, backward = (up - base) / NUDGE, (base - down) / NUDGE
    kinked = np.abs(forward - backward) > SLOPE_TOLERANCE * (1 + np.abs(forward) + np.abs(backward))
    return ((up - down) / (2 * NUDGE)).reshape(shape), kinked.reshape(shape)
