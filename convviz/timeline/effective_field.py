"""The effective receptive field (Luo, Li, Urtasun & Zemel, NeurIPS 2016): |d unit / d input| from the
engine's backward pass through the stack, with a fitted Gaussian's σ beside the theoretical field.

The stack is linear, as in the paper's first analysis: no nonlinearity between layers. Weights are
uniform (every conv weight 1/k²) or seeded random (normal, scaled 1/k); average pooling is as it is,
and max pooling routes the gradient to the maxima its forward pass over the scene's input chose. The
forward pass does not depend on the unit, so it is kept per stack, input and weights: a click on
another unit runs only the backward pass."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from convviz.engine import (
    LayerSpec,
    avg_pool2d,
    avg_pool2d_backward,
    conv2d,
    conv2d_backward,
    max_pool2d,
    max_pool2d_backward,
)
from convviz.scene.field_probe import ErfWeights
from convviz.scene.model import input_image


@dataclass(frozen=True)
class EffectiveField:
    """gradient: |d unit / d input| over the input; centre and sigma: the moments (mean, standard
    deviation per axis, in pixels) of the gradient normalised to sum 1, i.e. the Gaussian with the same
    first and second moments; theoretical: the height and width of the box of input pixels that can
    influence the unit; ratio: the Gaussian's ±2σ extent over that box, per axis (below 1: smaller)."""

    gradient: np.ndarray
    centre: tuple[float, float] | None
    sigma: tuple[float, float] | None
    theoretical: tuple[int, int]
    ratio: tuple[float, float] | None
    words: str


def layer_weights(specs: tuple[LayerSpec, ...], erf: ErfWeights) -> tuple[np.ndarray | None, ...]:
    """Each layer's kernel (None for pooling): 1/k² everywhere, or seeded normal values scaled 1/k."""
    rng = np.random.default_rng(erf.seed) if erf.kind == "random" else None
    weights = []
    for spec in specs:
        shape = (spec.kernel, spec.kernel)
        if spec.kind != "conv":
            weights.append(None)
        elif rng is None:
            weights.append(np.full(shape, 1.0 / spec.kernel**2))
        else:
            weights.append(rng.standard_normal(shape) / spec.kernel)
    return tuple(weights)


def _apply(spec: LayerSpec, weight, x: np.ndarray) -> np.ndarray:
    if spec.kind == "conv":
        return conv2d(x, weight, stride=spec.stride, padding=spec.padding, dilation=spec.dilation)
    if spec.kind == "maxpool":
        return max_pool2d(x, spec.kernel, spec.stride, spec.padding, spec.dilation)
    return avg_pool2d(x, spec.kernel, spec.stride, spec.padding)


def _back(spec: LayerSpec, weight, x: np.ndarray, grad: np.ndarray, corner: tuple[int, int]):
    """One layer of the backward pass, run on the part of the map the unit's gradient can reach, so a
    click costs the size of the field rather than of the maps. `grad` holds d unit / d output for the
    output cells from `corner` on (zero elsewhere); the cells they read are cut out of `x` with the
    layer's padding written in as it reads it (-inf for max pooling, which never picks it; 0 otherwise),
    and the engine's backward pass runs on that window, unpadded. Returns d unit / d x on the window's
    part inside `x` and that part's corner (an empty array when it lies wholly in padding)."""
    lo = [c * spec.stride - spec.padding for c in corner]
    hi = [first + (n - 1) * spec.stride + spec.span for first, n in zip(lo, grad.shape)]  # exclusive
    inside = [(max(a, 0), max(min(b, n), max(a, 0))) for a, b, n in zip(lo, hi, x.shape)]
    before = [start - a if start < b else b - a for a, b, (start, _) in zip(lo, hi, inside)]
    widths = [
        (head, b - a - head - (stop - start)) for a, b, head, (start, stop) in zip(lo, hi, before, inside)
    ]
    fill = -np.inf if spec.kind == "maxpool" else 0.0
    window = np.pad(x[inside[0][0] : inside[0][1], inside[1][0] : inside[1][1]], widths, constant_values=fill)
    if spec.kind == "conv":
        grad = conv2d_backward(window, weight, grad, stride=spec.stride, dilation=spec.dilation)[0]
    elif spec.kind == "maxpool":
        grad = max_pool2d_backward(window, grad, spec.kernel, spec.stride, 0, spec.dilation)
    else:
        grad = avg_pool2d_backward(window, grad, spec.kernel, spec.stride, 0)  # divides by k² as before
    (top, bottom), (left, right) = ((start - a, stop - a) for a, (start, stop) in zip(lo, inside))
    return grad[top:bottom, left:right], (inside[0][0], inside[1][0])


@lru_cache(maxsize=2)  # the stack on screen and the one before it: each holds every map
def forward_maps(source: str, size: tuple[int, int], specs: tuple[LayerSpec, ...], erf: ErfWeights):
    """The weights and every layer's input map (index 0 the image) of the linear stack; ValueError, from
    the engine, when a layer cannot run on its map (a pooling window wholly in padding)."""
    weights = layer_weights(specs, erf)
    maps = [input_image(source, size).astype(np.float64)]
    for spec, weight in zip(specs, weights):
        maps.append(_apply(spec, weight, maps[-1]))
    for array in (*maps, *(w for w in weights if w is not None)):
        array.setflags(write=False)  # shared by every timeline of this stack
    return weights, tuple(maps)


def effective_field(
    source: str, size: tuple[int, int], stack: tuple[LayerSpec, ...], layer: int, erf: ErfWeights,
    cell: tuple[int, int], reach: np.ndarray,
) -> EffectiveField:  # fmt: skip
    """The ERF of unit `cell` of layer `layer` (from 1) of `stack`; `reach` is the input mask of the
    pixels that can influence it (the theoretical field, clipped to the image). The forward pass is the
    whole stack's, the one its maps show: a unit of any layer reuses it (the weights of the first
    layers do not depend on the layers after them)."""
    weights, maps = forward_maps(source, size, stack, erf)
    specs, weights, maps = stack[:layer], weights[:layer], maps[: layer + 1]
    grad, corner = np.ones((1, 1)), tuple(cell)
    for spec, weight, x in zip(reversed(specs), reversed(weights), reversed(maps[:-1])):
        grad, corner = _back(spec, weight, x, grad, corner)
        if not grad.size:
            break
    gradient = np.zeros(maps[0].shape)
    if grad.size:
        gradient[corner[0] : corner[0] + grad.shape[0], corner[1] : corner[1] + grad.shape[1]] = np.abs(grad)
    gradient.setflags(write=False)
    rows, cols = np.flatnonzero(reach.any(axis=1)), np.flatnonzero(reach.any(axis=0))
    box = (int(rows[-1] - rows[0] + 1), int(cols[-1] - cols[0] + 1)) if rows.size else (0, 0)
    total = gradient.sum()
    if total == 0:
        why = "every path from the unit ends in padding" if not rows.size else "its weights cancel out"
        return EffectiveField(gradient, None, None, box, None, f"The unit's gradient is zero: {why}.")
    mass = gradient / total
    grid = np.indices(gradient.shape)
    centre = tuple(float((mass * axis).sum()) for axis in grid)
    sigma = tuple(float(np.sqrt((mass * (axis - mu) ** 2).sum())) for axis, mu in zip(grid, centre))
    ratio = tuple(4 * s / n for s, n in zip(sigma, box))
    words = (
        "Fitted Gaussian (moments of |d unit / d input| normalised to 1):"
        f" σ = {sigma[0]:.2f} x {sigma[1]:.2f} pixels; its ±2σ span"
        f" ({4 * sigma[0]:.1f} x {4 * sigma[1]:.1f}) is {100 * ratio[0]:.0f}% x {100 * ratio[1]:.0f}%"
        f" of the theoretical field's {box[0]} x {box[1]}."
    )
    return EffectiveField(gradient, centre, sigma, box, ratio, words)
