"""The upstream gradient dL/dY a Backprop scene starts from, as a small frozen value its link carries."""

from __future__ import annotations

from dataclasses import dataclass

UPSTREAM_KINDS = ("ones", "random", "onehot")


@dataclass(frozen=True)
class Upstream:
    """dL/dY: all ones; seeded random values (`seed`), so a link restores the same numbers; or one-hot at
    `cell` (row, column of the last map, counted from 0), the cell a learner clicked."""

    kind: str = "ones"
    seed: int | None = None
    cell: tuple[int, int] | None = None

    def __post_init__(self):
        if self.kind not in UPSTREAM_KINDS:
            raise ValueError(f"dL/dY must be one of {', '.join(UPSTREAM_KINDS)}; got {self.kind!r}")
        if (self.seed is not None) != (self.kind == "random"):
            raise ValueError("a seed belongs to random dL/dY only, and random dL/dY needs one")
        if (self.cell is not None) != (self.kind == "onehot"):
            raise ValueError("a cell belongs to one-hot dL/dY only, and one-hot dL/dY needs one")
