"""The Pooling page's lessons: which they are, and each opens at a step where its point shows."""

import numpy as np
import pytest

from convviz.engine import avg_pool2d, max_pool2d
from convviz.timeline.pool import PoolTimeline

from .page_lessons import lessons_of

TITLES = ("Max pooling 2x2", "Overlapping pooling (3x3, stride 2)", "Average pooling", "Ceil mode")


@pytest.fixture(scope="module")
def lessons():
    return lessons_of("pool")


def test_the_pool_lessons_are_these(lessons):
    assert tuple(lessons) == TITLES


def test_each_lesson_opens_where_its_point_shows(lessons):
    timelines = {title: PoolTimeline(lesson.scene) for title, lesson in lessons.items()}
    steps = {title: timeline.step(lessons[title].scene.step) for title, timeline in timelines.items()}
    two_by_two = timelines["Max pooling 2x2"]
    assert two_by_two.input.shape == (4, 4) and two_by_two.output.shape == (2, 2)
    np.testing.assert_array_equal(two_by_two.output, max_pool2d(two_by_two.input, 2))
    overlapping = timelines["Overlapping pooling (3x3, stride 2)"]
    assert (overlapping.output == 7).all() and overlapping.input[2, 2] == 7  # the middle wins all four
    assert steps["Overlapping pooling (3x3, stride 2)"].chosen == (2, 2)
    average = steps["Average pooling"]
    assert (average.divisor, average.value) == (4, 3.5)
    ceil = timelines["Ceil mode"]
    assert ceil.output.shape == (3, 3) == avg_pool2d(ceil.input, 2, ceil_mode=True).shape
    assert steps["Ceil mode"].divisor == 2 and steps["Ceil mode"].value == 7.5  # (5 + 10) / 2
