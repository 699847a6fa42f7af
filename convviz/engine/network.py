"""A small CNN's forward pass with channels: the shape after every layer, what each layer costs, and every
layer's output, in PyTorch's semantics ((C, H, W) maps; flatten in (C, H, W) order; y = W x + b).

Weights per layer: (W, b) for conv (W (C_out, C_in/groups, k, k), b (C_out,)) and linear
(W (N, N_in), b (N,)); None for pooling, relu and flatten."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .conv import conv2d
from .layers import SPATIAL_KINDS, LayerSpec
from .pooling import avg_pool2d, max_pool2d
from .receptive_field import smallest_input

Shape = tuple[int, ...]
Weights = tuple[np.ndarray, np.ndarray] | None


class _NoOutputPosition(ValueError):
    """A window larger than its padded map: the stack needs a larger input."""


def _next_shape(spec: LayerSpec, shape: Shape) -> Shape:
    """The shape `spec` makes of an input of `shape`; ValueError with the reason in words (the caller
    names the layer)."""
    if spec.kind in SPATIAL_KINDS:
        if len(shape) != 3:
            raise ValueError(
                f"slides a window over a map, but gets a vector of {shape[0]} features:"
                " windows come before flatten and linear layers"
            )
        channels, *sides = shape
        if spec.kind == "conv":
            for what, count in (("input", channels), ("output", spec.channels)):
                if count % spec.groups:
                    raise ValueError(
                        f"has {spec.groups} groups, which do not divide its {count} {what} channels"
                    )
            channels = spec.channels
        out = [(n + 2 * spec.padding - spec.span) // spec.stride + 1 for n in sides]
        if min(out) < 1:
            height, width = sides
            raise _NoOutputPosition(
                f"gets a {height}x{width} map, {height + 2 * spec.padding}x{width + 2 * spec.padding}"
                f" padded, smaller than its window's span of {spec.span}: it has no output position"
            )
        return (channels, *out)
    if spec.kind == "flatten":
        return (int(np.prod(shape)),)
    if spec.kind == "linear":
        if len(shape) != 1:
            raise ValueError(f"gets a {shape} map, but a linear layer takes a vector: put flatten before it")
        return (spec.channels,)
    return tuple(shape)  # relu


def layer_shapes(specs: Sequence[LayerSpec], input_shape: Shape) -> list[Shape]:
    """The shape after each layer: (C, H, W) for conv, pooling and relu of a map, (N,) after flatten and
    linear. ValueError names the first layer that cannot run, and why."""
    shapes, shape = [], tuple(int(n) for n in input_shape)
    for position, spec in enumerate(specs, start=1):
        try:
            shape = _next_shape(spec, shape)
        except _NoOutputPosition as error:
            smallest = smallest_input(specs[:position])
            raise ValueError(
                f"layer {position} ({spec}) {error}; this stack needs an input of at least"
                f" {smallest} pixels a side"
            ) from None
        except ValueError as error:
            raise ValueError(f"layer {position} ({spec}) {error}") from None
        shapes.append(shape)
    return shapes


def _checked_next_shape(spec: LayerSpec, in_shape: Shape) -> Shape:
    try:
        return _next_shape(spec, tuple(in_shape))
    except ValueError as error:
        raise ValueError(f"{spec} {error}") from None


def parameter_count(spec: LayerSpec, in_shape: Shape) -> int:
    """The learned numbers of one layer: conv C_out x (C_in/g x k x k + 1) (weights and one bias per
    output channel), linear N_in x N + N; pooling, relu and flatten learn nothing (0)."""
    _checked_next_shape(spec, in_shape)
    if spec.kind == "conv":
        return spec.channels * (in_shape[0] // spec.groups * spec.kernel**2 + 1)
    if spec.kind == "linear":
        return in_shape[0] * spec.channels + spec.channels
    return 0


def multiply_adds(spec: LayerSpec, in_shape: Shape) -> int:
    """The multiply-accumulates of one layer's forward pass, counting one per weight per output value
    (products with padding included; bias additions, comparisons and maxima not counted): conv output
    cells x C_out x C_in/g x k x k, linear N_in x N; pooling, relu and flatten 0."""
    out = _checked_next_shape(spec, in_shape)
    if spec.kind == "conv":
        return out[1] * out[2] * spec.channels * (in_shape[0] // spec.groups) * spec.kernel**2
    if spec.kind == "linear":
        return in_shape[0] * spec.channels
    return 0


def weight_shapes(spec: LayerSpec, in_shape: Shape) -> tuple[Shape, Shape] | None:
    """(weight shape, bias shape) of a layer that learns, else None."""
    if spec.kind == "conv":
        return (spec.channels, in_shape[0] // spec.groups, spec.kernel, spec.kernel), (spec.channels,)
    if spec.kind == "linear":
        return (spec.channels, in_shape[0]), (spec.channels,)
    return None


def apply_layer(spec: LayerSpec, x: np.ndarray, weights: Weights = None) -> np.ndarray:
    """One layer's output for input `x` ((C, H, W) or (N,)); dtype kept."""
    expected = weight_shapes(spec, x.shape)
    given = None if weights is None else tuple(np.shape(w) for w in weights)
    if expected != given:
        raise ValueError(f"{spec} takes weights of shapes {expected}, got {given}")
    if spec.kind == "conv":
        w, b = weights
        return conv2d(x, w, b, spec.stride, spec.padding, spec.dilation, spec.groups)
    if spec.kind == "maxpool":
        return max_pool2d(x, spec.kernel, spec.stride, spec.padding, spec.dilation)
    if spec.kind == "avgpool":
        return avg_pool2d(x, spec.kernel, spec.stride, spec.padding)
    if spec.kind == "relu":
        return np.maximum(x, 0)
    if spec.kind == "flatten":
        return x.reshape(-1)  # C order: (C, H, W) as PyTorch's flatten
    w, b = weights
    return (w.astype(x.dtype, copy=False) @ x + b.astype(x.dtype, copy=False)).astype(x.dtype, copy=False)


def forward(x: np.ndarray, specs: Sequence[LayerSpec], weights: Sequence[Weights]) -> list[np.ndarray]:
    """Every layer's output for input `x` (C, H, W), in order. Shapes are checked first, so a stack that
    cannot run raises ValueError naming its layer before any work."""
    if len(weights) != len(specs):
        raise ValueError(f"weights must give one entry per layer ({len(specs)}), got {len(weights)}")
    layer_shapes(specs, np.shape(x))
    outputs = []
    for spec, layer_weights in zip(specs, weights):
        x = apply_layer(spec, x, layer_weights)
        outputs.append(x)
    return outputs


def flat_index(c: int, h: int, w: int, shape: Shape) -> int:
    """Where cell (c, h, w) of a (C, H, W) map lands in its flattened vector: (c H + h) W + w."""
    channels, height, width = shape
    if not (0 <= c < channels and 0 <= h < height and 0 <= w < width):
        raise ValueError(f"cell ({c}, {h}, {w}) is outside the {tuple(shape)} map")
    return (c * height + h) * width + w


def unflat_index(index: int, shape: Shape) -> tuple[int, int, int]:
    """The (c, h, w) cell of a (C, H, W) map at `index` of its flattened vector: flat_index undone."""
    channels, height, width = shape
    if not 0 <= index < channels * height * width:
        raise ValueError(f"index {index} is outside the {channels * height * width} flattened features")
    c, rest = divmod(index, height * width)
    return (c, *divmod(rest, width))
