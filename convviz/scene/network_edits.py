"""The Network page's edits as functions from scene to scene: a kernel or bias typed in place, and a
change of stack or input that keeps the user's kernel edits wherever they still mean the same weights.

An edit lives in the scene's link. An edit equal to the weight it replaces is dropped, so the link names
only real changes. When the stack or the input changes, each edit follows its layer (matched by kind and
kernel size, so inserting or removing a layer before it moves it along); an edit whose layer is gone or
whose channel or kernel no longer exists is dropped, and the note returned names every dropped edit,
for the page to say in place. The stack change itself is never refused for the edits' sake."""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import NamedTuple

import numpy as np

from .network_fields import KernelEdit, MapRef
from .network_model import edit_problem, map_problem, scene_layer_weights, scene_shapes, stack_specs
from .network_weights import base_layer_weights
from .scenes import NetworkScene


def kernel_of(scene: NetworkScene, layer: int, out: int) -> tuple[np.ndarray, float]:
    """What makes output `out` of layer `layer` (from 1), edits included: a conv layer's kernels
    (C_in/groups, k, k) and bias, a linear layer's weight row (N_in,) and bias. ValueError for a layer
    without weights or an output it does not have."""
    weights = scene_layer_weights(scene, layer)
    spec = stack_specs(scene.layers)[layer - 1]
    if weights is None:
        raise ValueError(f"layer {layer} ({spec}) has no weights")
    w, b = weights
    if not 0 <= out < w.shape[0]:
        raise ValueError(f"layer {layer} ({spec}) has outputs 0 to {w.shape[0] - 1}, not {out}")
    return w[out], float(b[out])


def _with_edit(scene: NetworkScene, edit: KernelEdit) -> NetworkScene:
    """`scene` with `edit` in place of any edit of the same slot; left out when it equals the base
    weight. ValueError naming the edit when it does not fit."""
    specs, shapes = stack_specs(scene.layers), scene_shapes(scene)
    problem = edit_problem(edit, specs, shapes)
    if problem:
        raise ValueError(problem)
    w, b = base_layer_weights(specs[: edit.layer], shapes[edit.layer - 1], scene.weights)
    base = b[edit.out] if edit.inp is None else w[edit.out, edit.inp]
    same = np.array_equal(np.asarray(edit.rows, dtype=np.float32).reshape(np.shape(base)), base)
    kept = tuple(other for other in scene.edits if other.slot != edit.slot)
    edits = kept if same else (*kept, edit)
    return scene.replace(edits=tuple(sorted(edits, key=lambda e: e.slot)))


def _rows(values) -> tuple[tuple[float, ...], ...]:
    array = np.atleast_2d(np.asarray(values, dtype=np.float32))
    if array.ndim != 2 or not np.isfinite(array).all():
        raise ValueError(f"kernel values must be a finite 2-D grid of numbers, got shape {array.shape}")
    return tuple(tuple(float(v) for v in row) for row in array)


def with_kernel_edit(scene: NetworkScene, layer: int, out: int, inp: int, rows) -> NetworkScene:
    """Input channel `inp` (of its group) of output `out`'s kernel of layer `layer` set to `rows` (k x k);
    for a linear layer, weight W[out, inp] set to the single value in `rows`."""
    return _with_edit(scene, KernelEdit(layer, out, inp, _rows(rows)))


def with_bias_edit(scene: NetworkScene, layer: int, out: int, value: float) -> NetworkScene:
    return _with_edit(scene, KernelEdit(layer, out, None, _rows(value)))


class Refit(NamedTuple):
    """A changed scene and, when edits or the map had to go, a sentence naming them (else None)."""

    scene: NetworkScene
    note: str | None


def _layer_moves(old: str, new: str) -> dict[int, int]:
    """Old layer number -> new layer number, for the layers the two stacks share (matched in order by
    kind and kernel size)."""
    keys = [[(spec.kind, spec.kernel) for spec in stack_specs(text)] for text in (old, new)]
    moves = {}
    for block in SequenceMatcher(a=keys[0], b=keys[1], autojunk=False).get_matching_blocks():
        moves.update({block.a + i + 1: block.b + i + 1 for i in range(block.size)})
    return moves


def with_network_changes(scene: NetworkScene, **changes) -> Refit:
    """`scene` with `changes` (layers, input, size, weights, ...), its edits and map carried over where
    they still fit (see the module's rule), the rest dropped and named in the note. ValueError when the
    changes themselves are bad."""
    moves = _layer_moves(scene.layers, changes["layers"]) if "layers" in changes else None
    bare = scene.replace(edits=(), map=None, **changes)
    try:
        specs, shapes = stack_specs(bare.layers), scene_shapes(bare)
    except ValueError:  # the stack cannot run: nothing to fit against, the timeline says why
        specs = shapes = None
    kept, dropped = [], []
    for edit in scene.edits:
        layer = edit.layer if moves is None else moves.get(edit.layer)
        moved = None if layer is None else KernelEdit(layer, edit.out, edit.inp, edit.rows)
        # while the stack cannot run, edits of layers that are still there wait to be checked
        if moved is not None and (specs is None or edit_problem(moved, specs, shapes) is None):
            kept.append(moved)
        else:
            dropped.append(edit.name)
    ref = scene.map
    if ref is not None and moves is not None:
        ref = MapRef(moves[ref.layer], ref.channel) if ref.layer in moves else None
    if ref is not None and specs is not None and map_problem(ref, specs, shapes):
        ref = None
    notes = []
    if dropped:
        plural = "s" * (len(dropped) > 1)
        notes.append(f"Dropped {len(dropped)} kernel edit{plural} that no longer fit: {', '.join(dropped)}.")
    if scene.map is not None and ref is None:
        gone = f"{scene.map.layer}:{scene.map.channel}"
        notes.append(f"Map {gone} is no longer in the network; showing the default map.")
    refit = bare.replace(edits=tuple(sorted(kept, key=lambda e: e.slot)), map=ref)
    return Refit(refit, " ".join(notes) or None)
