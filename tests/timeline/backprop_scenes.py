"""Backprop scenes for the timeline tests: built from rows, and drawn by hypothesis."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from convviz.engine import PADDING_MODES
from convviz.scene.model import format_rows
from convviz.scene.scenes import DX_VIEWS, BackpropScene
from convviz.scene.upstream import Upstream

SMALL_INTEGERS = st.integers(-2, 3)


def scene_of(rows, kernel="1,0,-1;2,0,-2;1,0,-1", scene_class=BackpropScene, **params):
    """A Backprop scene (or another `scene_class` with a kernel) of `rows` and `kernel` rows; a single
    number stands for both axes, as in links."""
    rows = np.asarray(rows, dtype=np.float32)
    pairs = {key: (value, value) if type(value) is int else value for key, value in params.items()}
    kernel = kernel if isinstance(kernel, str) else format_rows(np.asarray(kernel, dtype=np.float32))
    return scene_class(input=format_rows(rows), size=rows.shape, kernel=kernel, **pairs)


def axis_pairs(low, high):
    values = st.integers(low, high)
    return st.one_of(values.map(lambda v: (v, v)), st.tuples(values, values))


@st.composite
def scenes(draw, views=DX_VIEWS, elements=SMALL_INTEGERS) -> BackpropScene:
    """Small scenes over strides 1-3, padding, dilation, every padding mode, overlapping pooling windows
    and every kind of dL/dY; by default of small integers (ties in the max windows, ReLU inputs at
    exactly 0)."""
    rows = draw(hnp.arrays(np.float32, st.tuples(st.integers(3, 9), st.integers(3, 9)), elements=elements))
    kernel = draw(
        hnp.arrays(np.float32, st.tuples(st.integers(1, 3), st.integers(1, 3)), elements=st.integers(-2, 2))
    )
    pool = draw(st.sampled_from(["none", "max", "avg"]))
    stride = draw(axis_pairs(1, 3))
    grad = draw(st.sampled_from(["ones", "random", "onehot"]))
    return scene_of(
        rows, kernel, stride=stride,
        padding=draw(st.just("same") if stride == (1, 1) and draw(st.booleans()) else axis_pairs(0, 2)),
        dilation=draw(axis_pairs(1, 2)), padding_mode=draw(st.sampled_from(PADDING_MODES)),
        flip=draw(st.booleans()), relu=draw(st.booleans()), pool=pool,
        window=draw(axis_pairs(1, 3)) if pool != "none" else (2, 2),
        pool_stride=draw(st.one_of(st.none(), axis_pairs(1, 3))) if pool != "none" else None,
        grad=Upstream("random", seed=draw(st.integers(0, 99))) if grad == "random"
        else Upstream("onehot", cell=(draw(st.integers(0, 2)), draw(st.integers(0, 2)))) if grad == "onehot"
        else Upstream(),
        view=draw(st.sampled_from(views)),
    )  # fmt: skip
