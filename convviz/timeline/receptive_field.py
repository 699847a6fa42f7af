"""The Receptive-field page's animation as data: for the chosen unit, the field growing layer by layer.

Step k shows the cells of layer L-k that can influence unit (i, j) of layer L (step 0 the unit itself,
step L the input): the exact set, a lattice with holes under dilation, clipped to each map, and its
unclipped bounding box. Beside it: every layer's map size over the input, the table of Araujo et al.
(Distill 2019), warnings about padding that puts fields off-centre, and, if asked, the effective
receptive field."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from convviz.engine import (
    influence_masks,
    layer_map_sizes,
    parse_layers,
    receptive_field,
    receptive_field_box,
)
from convviz.scene.field_probe import ErfWeights, Unit
from convviz.scene.messages import counted
from convviz.scene.scenes import ReceptiveFieldScene

from .base import NoOutput, animates
from .effective_field import EffectiveField, effective_field, forward_maps

AXES = (("height", "top", "bottom"), ("width", "left", "right"))


@dataclass(frozen=True)
class FieldRow:
    """One layer in Araujo et al.'s notation, in input pixels: field `size`, `jump` (effective stride),
    `start` (centre of unit 0's field) and `padding` (effective padding: how far unit 0's field reaches
    past the top/left edge); `map` the layer's map over the scene's input."""

    layer: int  # counted from 1
    item: str  # the layer in the grammar
    map: tuple[int, int]
    size: int
    jump: int
    start: float
    padding: int


@dataclass(frozen=True)
class FieldStep:
    """The cells of map `layer` (0 the input) that can influence the unit: `mask` exactly, `box` the
    (top, left, bottom, right) inclusive bounding box in that map's cells, not clipped to it."""

    index: int
    layer: int
    mask: np.ndarray
    box: tuple[int, int, int, int]
    words: str


@animates(ReceptiveFieldScene)
class ReceptiveFieldTimeline:
    """The receptive field of one unit of one stack, over the scene's input."""

    def __init__(self, scene: ReceptiveFieldScene):
        self.scene = scene
        try:
            self.specs = tuple(parse_layers(scene.layers))
            self.maps = tuple(layer_map_sizes(self.specs, scene.size))
        except ValueError as error:
            raise NoOutput(f"No output: {error}.") from None
        self.unit = self._resolved(scene.unit)
        below = self.specs[: self.unit.layer]
        cell = (self.unit.row, self.unit.col)
        self.records = receptive_field(self.specs)
        self.table = tuple(self._rows())
        self.warnings = tuple(self._warnings())
        self.masks = tuple(influence_masks(below, scene.size, cell))
        for mask in self.masks:
            mask.setflags(write=False)
        self.boxes = (*(receptive_field_box(below[m:], cell) for m in range(len(below))), (*cell, *cell))
        self.count = self.unit.layer + 1
        self.erf = self._effective_field(cell)

    def _resolved(self, unit: Unit | None) -> Unit:
        """The scene's unit, or the centre unit of the last layer; NoOutput for one the stack lacks."""
        if unit is None:
            height, width = self.maps[-1]
            return Unit(len(self.specs), (height - 1) // 2, (width - 1) // 2)
        if unit.layer > len(self.specs):
            raise NoOutput(
                f"No output: unit {unit.layer}:{unit.row},{unit.col} names layer {unit.layer},"
                f" but the stack has {len(self.specs)} layers."
            )
        height, width = self.maps[unit.layer]
        if unit.row >= height or unit.col >= width:
            raise NoOutput(
                f"No output: unit {unit.layer}:{unit.row},{unit.col} is outside layer {unit.layer}"
                f" ({self.specs[unit.layer - 1]}), whose map is {height}x{width} (rows 0 to {height - 1},"
                f" columns 0 to {width - 1})."
            )
        return unit

    def _effective_field(self, cell) -> EffectiveField | None:
        erf = self.scene.erf
        if erf.kind == "none":
            return None
        try:
            scene, layer = self.scene, self.unit.layer
            return effective_field(scene.input, scene.size, self.specs, layer, erf, cell, self.masks[0])
        except ValueError as error:
            raise NoOutput(f"No output: the effective receptive field cannot be computed: {error}.") from None

    def layer_values(self) -> tuple[np.ndarray, ...]:
        """What every map holds (index 0 the input): the input through the linear stack with the ERF's
        weights (uniform when the ERF is off), so each map shows its layer over this input. Kept for
        the last stacks (forward_maps), so a click on another unit computes nothing here."""
        weights = self.scene.erf if self.scene.erf.kind != "none" else ErfWeights("uniform")
        return forward_maps(self.scene.input, self.scene.size, self.specs, weights)[1]

    def _rows(self):
        for number, (record, shape) in enumerate(zip(self.records, self.maps[1:]), start=1):
            yield FieldRow(
                number, str(record.layer), shape, record.size, record.jump, record.start, -record.first
            )

    def _warnings(self):
        """In words, each layer that moves its fields' centres between pixels (the layer below had them on
        pixel centres), and each that changes how much further the fields reach past one edge of the
        input than past the other; later layers inherit both, so they are said where they begin."""
        aligned, skew, image = True, (0, 0), self.maps[0]
        for row, record in zip(self.table, self.records):
            centred = float(record.start).is_integer()
            if aligned and not centred:
                yield (
                    f"Layer {row.layer} ({row.item}): each field is {row.size} pixels wide, an even number,"
                    f" so its centre falls between two input pixels (start {row.start:g})."
                )
            aligned = centred
            ends = [
                record.first + (out - 1) * record.jump + record.size - n for out, n in zip(row.map, image)
            ]
            now = tuple(end - row.padding for end in ends)
            changed = [axis for axis in (0, 1) if now[axis] != skew[axis]]
            if changed == [0, 1] and ends[0] == ends[1]:
                changed = [(("height and width", "top and left", "bottom and right"), ends[0])]
            else:
                changed = [(AXES[axis], ends[axis]) for axis in changed]
            for (name, near, far), end in changed:
                yield (
                    f"Layer {row.layer} ({row.item}): along the {name} the fields reach"
                    f" {_past(row.padding)} on the {near} and {_past(end)} on the {far}: the padding"
                    " is not centred on the input."
                )
            skew = now

    def step(self, index: int) -> FieldStep:
        index = min(max(index, 0), self.count - 1)
        layer = self.unit.layer - index
        mask, box = self.masks[layer], self.boxes[layer]
        return FieldStep(index, layer, mask, box, self._words(index, layer, mask, box))

    def _words(self, index: int, layer: int, mask: np.ndarray, box) -> str:
        unit = self.unit
        name = f"layer {unit.layer} ({self.specs[unit.layer - 1]})"
        if index == 0:
            return f"The unit: row {unit.row}, column {unit.col} of {name}."
        where = "the input" if layer == 0 else f"layer {layer} ({self.specs[layer - 1]})"
        height, width = box[2] - box[0] + 1, box[3] - box[1] + 1
        count = int(mask.sum())
        text = (
            f"{counted(count, 'cell')} of {where} ({mask.shape[0]}x{mask.shape[1]}) can"
            f" influence the unit of {name}, within a {height}x{width} box (rows {box[0]} to {box[2]},"
            f" columns {box[1]} to {box[3]})"
        )
        inside = _clipped_cells(box, mask.shape)
        if count < inside:
            text += f"; {inside - count} of the box's {inside} cells inside the map are holes it never reads"
        if inside < height * width:
            text += "; part of the box lies in padding, outside the map"
        return text + "."


def _clipped_cells(box, shape) -> int:
    """How many cells of `box` lie inside a map of `shape`."""
    rows = max(0, min(box[2], shape[0] - 1) - max(box[0], 0) + 1)
    cols = max(0, min(box[3], shape[1] - 1) - max(box[1], 0) + 1)
    return rows * cols


def _past(pixels: int) -> str:
    if pixels > 0:
        return f"{counted(pixels, 'pixel')} past the edge"
    if pixels < 0:
        return f"{counted(-pixels, 'pixel')} short of the edge"
    return "exactly to the edge"
