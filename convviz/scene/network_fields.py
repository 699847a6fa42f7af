"""What a Network link carries beyond numbers and the stack: how the weights are made, the user's kernel
edits over them, and the map a learner clicked. Small frozen values, so a scene stays hashable."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NetWeights:
    """`seed` None: the default weights (edge and blur filters in the first conv layer, a fixed seed
    deeper); a seed: every layer seeded random, so a link restores the same network."""

    seed: int | None = None


@dataclass(frozen=True)
class KernelEdit:
    """The user's values for one kernel slice or bias: layer `layer` (from 1), output channel (a linear
    layer's output feature) `out`, input channel of its group (a linear layer's input feature) `inp`
    (from 0), `rows` the kernel's k x k values (a linear weight is 1 x 1); `inp` None is the bias, one
    value in `rows`."""

    layer: int
    out: int
    inp: int | None
    rows: tuple[tuple[float, ...], ...]

    @property
    def slot(self) -> tuple[int, int, bool, int]:
        """Where the edit goes, as it sorts in the link: a bias after the kernels of its output."""
        return (self.layer, self.out, self.inp is None, self.inp or 0)

    @property
    def name(self) -> str:
        """How messages and the link name the edit: 1.0.2 (kernel), 1.0.b (bias)."""
        return f"{self.layer}.{self.out}.{'b' if self.inp is None else self.inp}"


@dataclass(frozen=True)
class MapRef:
    """Channel `channel` (from 0; a vector's feature) of layer `layer`'s output (from 1)."""

    layer: int
    channel: int
