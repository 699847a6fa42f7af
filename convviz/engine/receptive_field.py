"""Receptive-field arithmetic (Araujo, Norris & Sim, "Computing Receptive Fields of Convolutional Neural
Networks", Distill 2019): size, effective stride (jump) and centre of the first unit, layer by layer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .layers import LayerSpec, parse_layers


@dataclass(frozen=True)
class ReceptiveField:
    """The receptive field of the units of one layer, in input pixels.

    size: how many input pixels one unit sees along an axis; jump: input pixels between neighbouring units;
    start: the input coordinate of the centre of unit 0's field (pixel centres are integers);
    first: the top/left input pixel of unit 0's field (start - (size - 1) / 2, exactly)."""

    layer: LayerSpec
    size: int
    jump: int
    start: float
    first: int


def _specs(layers: str | Sequence[LayerSpec]) -> list[LayerSpec]:
    """The stack as specs; relu keeps every cell where it is (kernel 1, stride 1: an identity here), while
    flatten and linear mix every cell into every output, so a stack holding them is refused by name."""
    specs = parse_layers(layers) if isinstance(layers, str) else list(layers)
    for position, layer in enumerate(specs, start=1):
        if layer.kind in ("flatten", "linear"):
            raise ValueError(
                f"layer {position} ({layer}) has no receptive field: it connects every cell of its input"
                " to every output, so only conv, maxpool, avgpool and relu layers have one"
            )
    return specs


def receptive_field(layers: str | Sequence[LayerSpec]) -> list[ReceptiveField]:
    """One record per layer: r_l = r_{l-1} + (k_l - 1) j_{l-1}, j_l = j_{l-1} s_l, and the first unit's field
    moves left by p_l j_{l-1}; a dilated kernel counts as k = d(k - 1) + 1."""
    size, jump, first = 1, 1, 0
    records = []
    for layer in _specs(layers):
        size += (layer.span - 1) * jump
        first -= layer.padding * jump
        jump *= layer.stride
        records.append(ReceptiveField(layer, size, jump, first + (size - 1) / 2, first))
    return records


def receptive_field_box(
    layers: str | Sequence[LayerSpec], unit: tuple[int, int]
) -> tuple[int, int, int, int]:
    """(top, left, bottom, right): the inclusive input pixels that unit (i, j) of the last layer sees,
    not clipped to the image (padding makes fields reach outside it)."""
    records = receptive_field(layers)
    if not records:
        raise ValueError("layers is empty: a receptive field needs at least one layer")
    last = records[-1]
    top, left = (last.first + index * last.jump for index in unit)
    return top, left, top + last.size - 1, left + last.size - 1


def layer_map_sizes(layers: str | Sequence[LayerSpec], size: tuple[int, int]) -> list[tuple[int, int]]:
    """The (H, W) map of the input and of every layer over an input of `size`; ValueError names the
    first layer whose map vanishes, and why."""
    specs = _specs(layers)
    sizes = [tuple(int(n) for n in size)]
    for position, layer in enumerate(specs, start=1):
        out = tuple((n + 2 * layer.padding - layer.span) // layer.stride + 1 for n in sizes[-1])
        if min(out) < 1:
            height, width = sizes[-1]
            raise ValueError(
                f"layer {position} ({layer}) gets a {height}x{width} map, {height + 2 * layer.padding}x"
                f"{width + 2 * layer.padding} padded, smaller than its window's span of {layer.span}"
                f" (d(k-1)+1 = {layer.dilation}*{layer.kernel - 1}+1): it has no output position;"
                f" this stack needs an input of at least {smallest_input(specs)} pixels a side"
            )
        sizes.append(out)
    return sizes


def smallest_input(layers: str | Sequence[LayerSpec]) -> int:
    """The fewest input pixels along an axis over which every layer's map keeps at least one cell:
    walking down from one cell, a layer needs (n - 1) s + d(k - 1) + 1 - 2p cells below it."""
    n = 1
    for layer in reversed(_specs(layers)):
        n = max(1, (n - 1) * layer.stride + layer.span - 2 * layer.padding)
    return n


def influence_masks(
    layers: str | Sequence[LayerSpec], size: tuple[int, int], unit: tuple[int, int]
) -> list[np.ndarray]:
    """For unit (i, j) of the last layer over an input of `size`: in the input and in every layer, the
    boolean map of exactly the cells that can influence it (index 0 the input, the last the unit alone).

    Found by walking each layer's taps backwards, o*s + t*d - p, and dropping positions that land in
    padding (a constant influences nothing): under dilation the set has holes. A square layer's taps are
    a product of one per axis, so each mask is the outer product of a row set and a column set."""
    specs = _specs(layers)
    sizes = layer_map_sizes(specs, size)
    if not all(0 <= index < n for index, n in zip(unit, sizes[-1])):
        height, width = sizes[-1]
        raise ValueError(f"unit {tuple(unit)} is outside the last layer's {height}x{width} map")
    axes = []
    for axis, index in enumerate(unit):
        line = np.zeros(sizes[-1][axis], dtype=bool)
        line[index] = True
        lines = [line]
        for layer, shape in zip(reversed(specs), reversed(sizes[:-1])):
            reached = np.flatnonzero(lines[-1])[:, None] * layer.stride
            reached = (reached + np.arange(layer.kernel) * layer.dilation - layer.padding).ravel()
            line = np.zeros(shape[axis], dtype=bool)
            line[reached[(reached >= 0) & (reached < shape[axis])]] = True
            lines.append(line)
        axes.append(lines[::-1])
    return [np.outer(rows, cols) for rows, cols in zip(*axes)]
