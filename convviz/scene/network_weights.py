"""The Network page's weights, deterministic so a link restores the same network: by default the first
conv layer holds the classic filters a student knows (edges, blurs), the same filter over each input
channel it reads, scaled 1/C_in so a colour image's three channels add up to one grayscale response;
deeper layers are seeded random at He scale (std sqrt(2 / fan-in)), so activations keep their size
through ReLUs. Biases start at 0. `seed:N` makes every layer seeded random."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from convviz.engine import LayerSpec
from convviz.engine.network import Shape, Weights, weight_shapes

from .network_fields import NetWeights

DEFAULT_FILTERS = ("sobel_x", "sobel_y", "gaussian", "laplacian", "box", "sharpen")  # cycled over outputs
DEFAULT_SEED = 0  # of the default weights' deeper layers
DECIMALS = 2  # random weights rounded, so kernels read and edit as short numbers


def _binomial(k: int) -> np.ndarray:
    row = np.ones(1)
    for _ in range(k - 1):
        row = np.convolve(row, [1, 1])
    return row


def _cross(k: int) -> np.ndarray:
    """The Laplacian's shape at any size: 1 along the centre row and column, minus their count at the
    centre (at 3x3 the familiar 0,1,0;1,-4,1;0,1,0)."""
    kernel = np.zeros((k, k))
    kernel[k // 2, :] = kernel[:, k // 2] = 1
    kernel[k // 2, k // 2] = 0
    kernel[k // 2, k // 2] = -kernel.sum()
    return kernel


def _as_strong_as_3x3(kernel: np.ndarray) -> np.ndarray:
    """A zero-sum edge filter scaled to the absolute sum 8 its 3x3 form has (Sobel, Laplacian), so a 5x5
    one responds as strongly as the 3x3 one a student knows, not 12 times as strongly."""
    total = np.abs(kernel).sum()
    return kernel * (8 / total) if total else kernel


def filter_kernel(name: str, k: int) -> np.ndarray:
    """A default filter at k x k (float32), equal to the named 3x3 preset at k = 3: Sobel is binomial
    smoothing times a centred ramp, Gaussian the binomial's outer product normalised, the Laplacian a
    cross, sharpen the identity minus the Laplacian."""
    smooth, ramp = _binomial(k), np.arange(k) - (k - 1) / 2
    identity = np.zeros((k, k))
    identity[k // 2, k // 2] = 1
    laplacian = _as_strong_as_3x3(_cross(k))
    kernels = {
        "sobel_x": _as_strong_as_3x3(np.outer(smooth, ramp)),
        "sobel_y": _as_strong_as_3x3(np.outer(ramp, smooth)),
        "gaussian": np.outer(smooth, smooth) / smooth.sum() ** 2,
        "laplacian": laplacian,
        "box": np.full((k, k), 1 / k**2),
        "sharpen": identity - laplacian,
    }
    return kernels[name].astype(np.float32)


def default_filter_name(specs: Sequence[LayerSpec], layer: int, out: int, weights: NetWeights) -> str | None:
    """The filter the default weights put at output `out` of layer `layer` (from 1), or None where they
    are random."""
    first = next((i for i, spec in enumerate(specs, start=1) if spec.kind == "conv"), None)
    if weights.seed is not None or layer != first:
        return None
    return DEFAULT_FILTERS[out % len(DEFAULT_FILTERS)]


def _random(shape: Shape, rng: np.random.Generator) -> np.ndarray:
    fan_in = int(np.prod(shape[1:]))
    return np.round(rng.normal(0, np.sqrt(2 / fan_in), size=shape), DECIMALS).astype(np.float32)


@lru_cache(maxsize=128)
def base_layer_weights(specs: tuple[LayerSpec, ...], in_shape: Shape, weights: NetWeights) -> Weights:
    """The last layer of `specs` (the stack up to it) as (W, b) or None, before the user's edits, for an
    input of `in_shape`; read-only, cached, as every edit compares with it. Each layer draws from its own
    stream (seed, position), so its numbers do not depend on the layers before it, only on its shape."""
    spec, layer = specs[-1], len(specs)
    shapes = weight_shapes(spec, in_shape)
    if shapes is None:
        return None
    w_shape, b_shape = shapes
    if default_filter_name(specs, layer, 0, weights) is None:
        seed = DEFAULT_SEED if weights.seed is None else weights.seed
        w = _random(w_shape, np.random.default_rng([seed, layer]))
    else:
        c_out, c_in = w_shape[:2]
        filters = [
            filter_kernel(default_filter_name(specs, layer, o, weights), spec.kernel) for o in range(c_out)
        ]
        w = np.repeat(np.stack(filters)[:, None] / c_in, c_in, axis=1).astype(np.float32)
    b = np.zeros(b_shape, np.float32)
    for array in (w, b):
        array.setflags(write=False)
    return w, b
