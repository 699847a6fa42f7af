"""The Receptive-field page's lessons: which they are, and each opens at the step where its point
shows, with the engine's numbers (what every lesson needs is checked in test_lessons)."""

import numpy as np
import pytest

from convviz.engine import layer_map_sizes, receptive_field

from .page_lessons import lessons_of, opened

TITLES = (
    "The field grows with depth",
    "Pooling multiplies the growth",
    "Dilation grows the field, not the map",
    "Gridding: holes in the field",
    "The effective field is smaller",
)


@pytest.fixture(scope="module")
def lessons():
    return lessons_of("receptive-field")


def test_the_receptive_field_lessons_are_these(lessons):
    assert tuple(lessons) == TITLES


@pytest.mark.parametrize("title", TITLES)
def test_each_opens_on_the_input_the_whole_field_reaches(lessons, title):
    timeline, step = opened(lessons[title])
    assert step.index == timeline.count - 1 and step.layer == 0
    np.testing.assert_array_equal(step.mask, timeline.masks[0])


def test_depth_three_convolutions_see_seven_pixels(lessons):
    timeline, step = opened(lessons["The field grows with depth"])
    assert [row.size for row in timeline.table] == [3, 5, 7]
    assert step.mask.sum() == 49 and step.box[2] - step.box[0] == 6


def test_pooling_doubles_the_jump_and_so_the_growth(lessons):
    timeline, _ = opened(lessons["Pooling multiplies the growth"])
    assert [(row.size, row.jump) for row in timeline.table] == [(3, 1), (4, 2), (8, 2), (10, 4), (18, 4)]
    unpooled = receptive_field("conv3,conv3,conv3,conv3,conv3")
    assert unpooled[-1].size == 11 < timeline.table[-1].size


def test_dilation_keeps_every_map_at_the_inputs_size(lessons):
    timeline, step = opened(lessons["Dilation grows the field, not the map"])
    assert set(timeline.maps) == {(40, 40)}
    assert timeline.table[-1].size == 31 and step.mask.sum() == 31 * 31  # no holes with dilation 1 first
    undilated = receptive_field("conv3p1,conv3p1,conv3p1,conv3p1")
    assert undilated[-1].size == 9


def test_gridding_leaves_holes_in_the_box(lessons):
    timeline, step = opened(lessons["Gridding: holes in the field"])
    top, left, bottom, right = step.box
    box = step.mask[top : bottom + 1, left : right + 1]
    assert box.shape == (29, 29) and box.sum() == 15 * 15  # every other pixel on each axis
    assert not box[1::2].any() and not box[:, 1::2].any()
    assert "holes it never reads" in step.words


def test_the_effective_field_is_about_half_the_theoretical_one(lessons):
    timeline, _ = opened(lessons["The effective field is smaller"])
    erf = timeline.erf
    assert erf.theoretical == (21, 21) and layer_map_sizes(timeline.specs, (32, 32))[-1] == (32, 32)
    assert 0.3 < erf.ratio[0] < 0.7 and erf.ratio[0] == pytest.approx(erf.ratio[1])
    assert "49% x 49%" in erf.words  # what the page prints under the heat map
