"""What a Receptive-field link carries beyond numbers: the unit a learner clicked, and the weights the
effective receptive field is measured with. Small frozen values, so a scene stays hashable."""

from __future__ import annotations

from dataclasses import dataclass

ERF_KINDS = ("none", "uniform", "random")


@dataclass(frozen=True)
class Unit:
    """Unit (row, col) of layer `layer`'s map, counted from 1 as the table rows are (0 would be the input;
    rows and columns from 0, as every cell of the app is)."""

    layer: int
    row: int
    col: int

    def __post_init__(self):
        if self.layer < 1 or self.row < 0 or self.col < 0:
            raise ValueError(f"a unit is layer (from 1), row and column (from 0); got {self}")


@dataclass(frozen=True)
class ErfWeights:
    """The weights of the effective receptive field: none (not measured), uniform (every kernel weight
    1/k²), or seeded random (`seed`), so a link restores the same heat map."""

    kind: str = "none"
    seed: int | None = None

    def __post_init__(self):
        if self.kind not in ERF_KINDS:
            raise ValueError(f"erf must be one of {', '.join(ERF_KINDS)}; got {self.kind!r}")
        if (self.seed is not None) != (self.kind == "random"):
            raise ValueError("a seed belongs to random ERF weights only, and random weights need one")
