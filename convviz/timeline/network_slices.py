"""The chosen map's weights as the 2-D grids a person reads and edits: a conv map's kernel slice per input
channel it reads, a linear feature's weight row cut as its written sum groups it (a flattened map's
channel as that channel's H x W grid, else ten features to a row). The view draws these grids and the
side panel edits them, so both name the same weight by the same cell."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from convviz.scene.network_edits import with_kernel_edit
from convviz.scene.scenes import NetworkScene

from .network import NetworkStep, NetworkTimeline


@dataclass(frozen=True)
class KernelSlice:
    """One grid of the chosen map's weights. conv: `channel` the input channel it reads, `inp` its index
    in the group; linear: `features` the input feature under each cell (`inp` None)."""

    label: str
    values: np.ndarray
    channel: int | None = None
    inp: int | None = None
    features: np.ndarray | None = None


def kernel_slices(timeline: NetworkTimeline) -> tuple[KernelSlice, ...]:
    """The grids of the chosen map's weights, in the order of its step's partial sums; none for a layer
    without weights."""
    if timeline.spec.kind == "conv":
        return tuple(
            KernelSlice(f"in {channel}", timeline.kernels[local], channel=channel, inp=local)
            for local, channel in enumerate(timeline.reads)
        )
    if timeline.spec.kind != "linear":
        return ()
    source = timeline.flattened_from()
    slices = []
    for label, part in timeline.feature_groups():
        shape = source[1:] if source is not None else (1, len(part))
        features = np.arange(part.start, part.stop).reshape(shape)
        slices.append(KernelSlice(label, timeline.kernels[features], features=features))
    return tuple(slices)


def partial_sums(step: NetworkStep) -> tuple[float, ...]:
    """Each slice's share of the step's value, in the slices' order."""
    if step.kind == "conv":
        return tuple(term.value for term in step.terms)
    return tuple(group.partial for group in step.groups)


def with_slice_edit(
    scene: NetworkScene, timeline: NetworkTimeline, piece: KernelSlice, cell: tuple[int, int], value: float
) -> NetworkScene:
    """`scene` with the weight under `cell` of `piece` (a slice of `timeline`'s chosen map) set to
    `value`: a conv slice's whole k x k kernel, or one linear weight."""
    layer, out = timeline.layer, timeline.map.channel
    if piece.features is not None:
        return with_kernel_edit(scene, layer, out, int(piece.features[cell]), [[value]])
    rows = np.array(piece.values, dtype=np.float64)
    rows[cell] = value
    return with_kernel_edit(scene, layer, out, piece.inp, rows)
