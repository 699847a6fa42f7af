"""Bring the three accepted input layouts to (N, C, H, W) and back.

(H, W) with a (kH, kW) kernel is the single-channel shortcut; (C, H, W) is one unbatched image; (N, C, H, W)
is a batch. Each entry point converts once on the way in and restores the caller's layout on the way out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._args import float_array


@dataclass(frozen=True)
class Layout:
    """How the caller passed x: 2, 3 or 4 dimensions."""

    ndim: int

    def to4(self, a, name: str, dtype=None) -> np.ndarray:
        a = np.asarray(a, dtype=dtype)
        if a.ndim != self.ndim:
            raise ValueError(f"{name} must be {self.ndim}-D like the forward output; got shape {a.shape}")
        return a.reshape((1,) * (4 - self.ndim) + a.shape)

    def restore(self, a: np.ndarray) -> np.ndarray:
        return a[(0,) * (4 - self.ndim)]

    def restore_weight(self, w: np.ndarray) -> np.ndarray:
        return w[0, 0] if self.ndim == 2 else w


def as_batch(x, name: str = "x") -> tuple[np.ndarray, Layout]:
    """(x4, layout): x as a floating (N, C, H, W) view, and how to give results back in x's layout."""
    x = float_array(x, name)
    if x.ndim not in (2, 3, 4):
        raise ValueError(f"{name} must be 2-D (H, W), 3-D (C, H, W) or 4-D (N, C, H, W); got shape {x.shape}")
    return x.reshape((1,) * (4 - x.ndim) + x.shape), Layout(x.ndim)


def batched(x, weight, x_name: str = "x") -> tuple[np.ndarray, np.ndarray, Layout]:
    """(x4, w4, layout): 4-D views of x and weight, the weight cast to x's floating dtype."""
    x4, layout = as_batch(x, x_name)
    weight = float_array(weight, "weight").astype(x4.dtype, copy=False)
    if layout.ndim == 2:
        if weight.ndim != 2:
            raise ValueError(
                f"a 2-D (H, W) {x_name} takes a 2-D (kH, kW) kernel; got a weight of shape {weight.shape}"
            )
        return x4, weight[None, None], layout
    if weight.ndim != 4:
        raise ValueError(
            f"weight must be 4-D (channels, channels/groups, kH, kW) for a {layout.ndim}-D {x_name};"
            f" got {weight.shape}"
        )
    return x4, weight, layout
