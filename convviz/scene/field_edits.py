"""Edits of a Receptive-field scene's stack that keep the rest of the scene meaningful: a preset stack
that needs a larger input gets it, and a chosen unit the new stack no longer has goes back to the centre
unit, in the same edit, with the words that say what was done."""

from __future__ import annotations

from convviz.engine import layer_map_sizes, parse_layers, smallest_input

from .edits import with_grid_size
from .limits import GRID
from .scenes import ReceptiveFieldScene


def with_stack(
    scene: ReceptiveFieldScene, layers: str, *, preset: bool = False
) -> tuple[ReceptiveFieldScene, tuple[str, ...]]:
    """`scene` with the stack `layers` and what was changed besides, in words. A `preset` (a stack the
    user did not write, so did not size) that needs more input than `scene.size` raises the size to
    what it needs (at most the grid's limit); a typed stack keeps the size and may vanish, which the
    page explains. A unit outside its layer's new map, or on a layer the stack no longer has, becomes
    the centre unit."""
    notes = []
    edited = scene.replace(layers=layers)
    needed = smallest_input(layers)
    if preset and any(side < needed for side in scene.size):
        size = tuple(min(max(side, needed), GRID[1]) for side in scene.size)
        edited = with_grid_size(edited, size)
        notes.append(
            f"Input raised from {scene.size[0]}x{scene.size[1]} to {size[0]}x{size[1]}: this stack needs"
            f" at least {needed}x{needed} input pixels for its last map to keep a cell."
        )
    unit = edited.unit
    if unit is not None:
        specs = parse_layers(layers)
        try:
            maps = layer_map_sizes(specs, edited.size)
        except ValueError:
            maps = None  # the stack has no output on this input: the page says why
        if maps is not None and (
            unit.layer > len(specs) or unit.row >= maps[unit.layer][0] or unit.col >= maps[unit.layer][1]
        ):
            edited = edited.replace(unit=None)
            where = (
                f"the stack has {len(specs)} layers"
                if unit.layer > len(specs)
                else f"layer {unit.layer}'s map is {maps[unit.layer][0]}x{maps[unit.layer][1]} now"
            )
            notes.append(
                f"Unit {unit.layer}:{unit.row},{unit.col} is gone ({where}): the centre unit of the last"
                " layer is chosen instead."
            )
    return edited, tuple(notes)
