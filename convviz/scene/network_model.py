"""What a Network scene's text fields mean as arrays: its stack, the shape of every map, and every
layer's weights with the user's edits applied. Cached by the hashable pieces of a scene, so a kernel
edit at layer L rebuilds layer L's weights only. The scene holds text; this module reads it."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from convviz.engine import LayerSpec, layer_shapes, parse_layers
from convviz.engine.network import Shape, Weights, weight_shapes

from .network_fields import KernelEdit, MapRef, NetWeights
from .network_inputs import input_channels
from .network_weights import base_layer_weights


@lru_cache(maxsize=64)
def stack_specs(layers: str) -> tuple[LayerSpec, ...]:
    return tuple(parse_layers(layers))


@lru_cache(maxsize=64)
def stack_shapes(layers: str, input_shape: Shape) -> tuple[Shape, ...]:
    """The input's shape, then every layer's output shape; ValueError names a layer that cannot run."""
    return (input_shape, *layer_shapes(stack_specs(layers), input_shape))


def scene_shapes(scene) -> tuple[Shape, ...]:
    return stack_shapes(scene.layers, input_channels(scene.input, tuple(scene.size)).shape)


def edit_problem(edit: KernelEdit, specs: Sequence[LayerSpec], shapes: Sequence[Shape]) -> str | None:
    """Why an edit does not fit the stack, naming it, or None."""
    where = f"edit {edit.name}"
    if edit.layer > len(specs):
        return f"{where} is for layer {edit.layer}, but the stack has {len(specs)} layers"
    spec = specs[edit.layer - 1]
    shapes_of = weight_shapes(spec, shapes[edit.layer - 1])
    if shapes_of is None:
        return f"{where} is for layer {edit.layer} ({spec}), which has no weights"
    (c_out, c_in, *kernel), _ = shapes_of
    what = "output features" if spec.kind == "linear" else "output channels"
    if edit.out >= c_out:
        return f"{where}: layer {edit.layer} ({spec}) has {c_out} {what} (0 to {c_out - 1})"
    if edit.inp is not None and edit.inp >= c_in:
        inputs = "input features" if spec.kind == "linear" else "input channels per group"
        return f"{where}: layer {edit.layer} ({spec}) has {c_in} {inputs} (0 to {c_in - 1})"
    shape = (1, 1) if edit.inp is None or spec.kind == "linear" else tuple(kernel)
    given = (len(edit.rows), len(edit.rows[0]))
    if given != shape:
        kind = "a bias" if edit.inp is None else "a weight" if spec.kind == "linear" else "a kernel"
        return (
            f"{where} gives {given[0]}x{given[1]} values, but {kind} of layer {edit.layer} ({spec})"
            f" is {shape[0]}x{shape[1]}"
        )
    return None


def map_problem(ref: MapRef, specs: Sequence[LayerSpec], shapes: Sequence[Shape]) -> str | None:
    """Why map `ref` is not in the network, or None."""
    if ref.layer > len(specs):
        return f"map {ref.layer}:{ref.channel} is of layer {ref.layer}, but the stack has {len(specs)} layers"
    shape = shapes[ref.layer]
    what = "channels" if len(shape) == 3 else "features"
    if ref.channel >= shape[0]:
        layer = f"layer {ref.layer} ({specs[ref.layer - 1]})"
        return f"map {ref.layer}:{ref.channel}: {layer} has {shape[0]} {what} (0 to {shape[0] - 1})"
    return None


def fit_problems(scene) -> list[str]:
    """Every edit and the map that do not fit the scene's network, in words; none when the stack itself
    cannot run on the input (its timeline says why, and nothing can be checked against it)."""
    try:
        shapes = scene_shapes(scene)
    except ValueError:
        return []
    specs = stack_specs(scene.layers)
    problems = [edit_problem(edit, specs, shapes) for edit in scene.edits]
    if scene.map is not None:
        problems.append(map_problem(scene.map, specs, shapes))
    return [problem for problem in problems if problem]


def layer_edits(edits: Sequence[KernelEdit], layer: int) -> tuple[KernelEdit, ...]:
    return tuple(edit for edit in edits if edit.layer == layer)


@lru_cache(maxsize=128)
def edited_layer_weights(
    specs: tuple[LayerSpec, ...], in_shape: Shape, weights: NetWeights, edits: tuple[KernelEdit, ...]
) -> Weights:
    """The last layer of `specs` with `edits` (its own) over its base weights; read-only arrays."""
    made = base_layer_weights(specs, in_shape, weights)
    if made is None:
        return None
    w, b = (array.copy() for array in made)
    for edit in edits:
        values = np.array(edit.rows, dtype=np.float32)
        if edit.inp is None:
            b[edit.out] = values[0, 0]
        elif w.ndim == 2:
            w[edit.out, edit.inp] = values[0, 0]
        else:
            w[edit.out, edit.inp] = values
    for array in (w, b):
        array.setflags(write=False)
    return w, b


def scene_layer_weights(scene, layer: int) -> Weights:
    """Layer `layer` (from 1)'s (W, b) with the scene's edits, or None for a layer without weights."""
    specs = stack_specs(scene.layers)
    return edited_layer_weights(
        specs[:layer], scene_shapes(scene)[layer - 1], scene.weights, layer_edits(scene.edits, layer)
    )


def default_map(specs: Sequence[LayerSpec]) -> MapRef:
    """The map a scene shows when its link names none: channel 0 of the first conv layer (of layer 1
    in a stack without one)."""
    first = next((i for i, spec in enumerate(specs, start=1) if spec.kind == "conv"), 1)
    return MapRef(first, 0)
