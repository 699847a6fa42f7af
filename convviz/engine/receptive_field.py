"""Receptive-field arithmetic (Araujo, Norris & Sim, "Computing Receptive Fields of Convolutional Neural
Networks", Distill 2019): size, effective stride (jump) and centre of the first unit, layer by layer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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
    return parse_layers(layers) if isinstance(layers, str) else list(layers)


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
