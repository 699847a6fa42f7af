"""The Network scene's forward pass, cached layer by layer: layer L's output is keyed by everything it
depends on (input, size, the stack up to L, the weights' kind, the edits of layers up to L), so a kernel
edit at layer L recomputes layers L.. only and moving the player recomputes nothing."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from convviz.engine.layers import LayerSpec
from convviz.engine.network import apply_layer
from convviz.scene.network_fields import KernelEdit, NetWeights
from convviz.scene.network_inputs import input_channels
from convviz.scene.network_model import edited_layer_weights, layer_edits, stack_specs

CACHED_LAYERS = 96  # layer outputs kept: three 32-layer stacks' worth


@lru_cache(maxsize=CACHED_LAYERS)
def _output(
    source: str,
    size: tuple[int, int],
    specs: tuple[LayerSpec, ...],
    weights: NetWeights,
    edits: tuple[KernelEdit, ...],
) -> np.ndarray:
    """The output of the last layer of `specs` (the input itself for no layers), read-only; `edits`
    holds the edits of these layers only, so later layers' edits share this entry."""
    if not specs:
        return input_channels(source, size)
    layer = len(specs)
    x = _output(source, size, specs[:-1], weights, tuple(e for e in edits if e.layer < layer))
    layer_weights = edited_layer_weights(specs, x.shape, weights, layer_edits(edits, layer))
    out = apply_layer(specs[-1], x, layer_weights)
    out.setflags(write=False)
    return out


def network_maps(scene) -> tuple[np.ndarray, ...]:
    """The input (C, H, W) and every layer's output, for a scene whose stack runs on its input (the
    caller checks the shapes first); float32, read-only."""
    specs = stack_specs(scene.layers)
    size = tuple(scene.size)
    return tuple(
        _output(
            scene.input, size, specs[:layer], scene.weights, tuple(e for e in scene.edits if e.layer <= layer)
        )
        for layer in range(len(specs) + 1)
    )
