"""The Transposed-convolution page's lessons: which they are, and each opens at a step where its point
shows, with the engine's numbers (what every lesson needs is checked in test_lessons)."""

import numpy as np
import pytest

from convviz.engine import conv2d, conv_transpose2d
from convviz.timeline.transpose import OUTPUT_PADDING_ZERO, ZERO_KINDS, TransposeTimeline
from convviz.timeline.transpose_facts import checkerboard_notes, undone_convolution

from .page_lessons import lessons_of, opened

TITLES = (
    "Transposed convolution grows the map",
    "Stride 1/2: zeros between the cells",
    "Checkerboard artifacts",
    "Padding crops the output",
    "output_padding",
)
INPUT, INSERTED = ZERO_KINDS.index("input"), ZERO_KINDS.index("inserted zero")


@pytest.fixture(scope="module")
def lessons():
    return lessons_of("transpose")


def test_the_transpose_lessons_are_these(lessons):
    assert tuple(lessons) == TITLES


def test_grows_the_map_opens_on_the_middle_stamp(lessons):
    timeline, step = opened(lessons["Transposed convolution grows the map"])
    assert timeline.input.shape == (3, 3) and timeline.output.shape == (7, 7)
    np.testing.assert_allclose(timeline.output, conv_transpose2d(timeline.input, timeline.kernel, stride=2))
    assert step.view == "scatter" and step.detail.input_cell == (1, 1) and step.detail.value == 5
    np.testing.assert_allclose(step.detail.values, 5 * timeline.kernel)


def test_zeros_opens_on_a_window_of_inserted_zeros_around_an_input_cell(lessons):
    timeline, step = opened(lessons["Stride 1/2: zeros between the cells"])
    kinds = step.detail.kinds
    assert step.view == "zeros" and (kinds == INSERTED).sum() == 8 and (kinds == INPUT).sum() == 1
    assert np.nansum(step.result) > 0 and step.result[3, 3] == timeline.output[3, 3]


def test_checkerboard_opens_on_a_flat_input_whose_output_is_uneven(lessons):
    timeline, step = opened(lessons["Checkerboard artifacts"])
    assert (timeline.input == 1).all() and (timeline.kernel == 1).all()
    assert step.index == timeline.count - 1  # every stamp added: the whole pattern shows
    np.testing.assert_allclose(step.result, timeline.output)
    inner = timeline.output[1:-1, 1:-1]
    assert set(np.unique(inner)) == {1, 2, 4}  # a flat input, an uneven output
    np.testing.assert_array_equal(timeline.output, timeline.overlap)
    (note,) = checkerboard_notes(timeline)
    assert "output rows and columns get 2, 1 stamps in turn" in note


def test_padding_crops_opens_on_a_stamp_partly_cropped(lessons):
    timeline, step = opened(lessons["Padding crops the output"])
    assert timeline.scene.padding == (1, 1) and timeline.output.shape == (5, 5)
    unpadded = conv_transpose2d(timeline.input, timeline.kernel, stride=2)
    np.testing.assert_allclose(timeline.output, unpadded[1:-1, 1:-1])  # one cell off each side
    assert step.detail.input_cell == (0, 0) and not step.detail.inside.all()


def test_output_padding_opens_on_the_added_row_and_column(lessons):
    timeline, step = opened(lessons["output_padding"])
    assert timeline.output.shape == (8, 8)
    assert step.detail.window.out_cell == (7, 7)  # the corner output_padding adds
    assert (step.detail.kinds == OUTPUT_PADDING_ZERO).any()
    without = TransposeTimeline(timeline.scene.replace(output_padding=(0, 0)))
    assert without.output.shape == (7, 7)
    for grown in (timeline, without):  # both sizes are undone by the same convolution to 3x3
        assert undone_convolution(grown).out_shape == (3, 3)
        assert conv2d(grown.output, grown.kernel, stride=2).shape == timeline.input.shape
