"""Transposed scenes for the timeline tests: built from rows, and drawn by hypothesis."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from convviz.scene.scenes import TRANSPOSE_VIEWS, TransposeScene
from convviz.timeline import NoOutput, timeline_for
from convviz.timeline.transpose import TransposeTimeline

from . import backprop_scenes


def scene_of(rows, kernel="1,2,1;2,4,2;1,2,1", **params) -> TransposeScene:
    """A Transposed scene of `rows` and `kernel`; a single number stands for both axes, as in links."""
    return backprop_scenes.scene_of(rows, kernel, scene_class=TransposeScene, **params)


@st.composite
def scenes(draw, views=TRANSPOSE_VIEWS) -> TransposeScene:
    """Small scenes of small integers over strides 1-3, padding 0-3 (also past d(k−1)), dilation 1-3
    and every output_padding PyTorch allows."""
    rows = draw(
        hnp.arrays(np.float32, st.tuples(st.integers(3, 5), st.integers(3, 5)), elements=st.integers(-3, 3))
    )
    kernel = draw(
        hnp.arrays(np.float32, st.tuples(st.integers(1, 4), st.integers(1, 4)), elements=st.integers(-2, 2))
    )
    stride, dilation = draw(backprop_scenes.axis_pairs(1, 3)), draw(backprop_scenes.axis_pairs(1, 3))
    output_padding = tuple(draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation))
    return scene_of(
        rows, kernel, stride=stride, padding=draw(backprop_scenes.axis_pairs(0, 3)), dilation=dilation,
        output_padding=output_padding, view=draw(st.sampled_from(views)),
    )  # fmt: skip


def timeline_or_none(scene) -> TransposeTimeline | None:
    """The scene's timeline, or None when its padding crops the whole output."""
    try:
        return timeline_for(scene)
    except NoOutput:
        return None


def timelines(views=TRANSPOSE_VIEWS):
    """The timelines of drawn scenes that have an output (and, in the matrix view, one small enough)."""
    return scenes(views).map(timeline_or_none).filter(lambda timeline: timeline is not None)
