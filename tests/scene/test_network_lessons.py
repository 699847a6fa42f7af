"""The Network page's lessons: which they are, and each opens at the step where its point shows, with
the engine's numbers (what every lesson needs is checked in test_lessons)."""

import numpy as np
import pytest

from convviz.engine import unflat_index

from .page_lessons import lessons_of, opened

TITLES = (
    "Many kernels, many maps",
    "A sum over channels",
    "Depthwise: one map per kernel",
    "Flatten unrolls the maps",
)


@pytest.fixture(scope="module")
def lessons():
    return lessons_of("network")


def test_the_network_lessons_are_these(lessons):
    assert tuple(lessons) == TITLES


def test_the_first_layers_maps_each_have_their_kernel_and_it_opens_on_the_strongest_edge(lessons):
    timeline, step = opened(lessons["Many kernels, many maps"])
    assert timeline.layer == 1 and timeline.maps[1].shape[0] == 6
    assert step.value == timeline.out_map.max() and len(step.terms) == 1


def test_a_second_layer_value_adds_six_partial_sums_and_the_bias(lessons):
    timeline, step = opened(lessons["A sum over channels"])
    assert step.channels == tuple(range(6)) and len(step.terms) == 6
    assert sum(term.value for term in step.terms) + step.bias == pytest.approx(step.value, abs=1e-5)
    assert step.text.count("(") == 6 and "bias" in step.text


def test_a_depthwise_kernel_reads_its_own_channel_only(lessons):
    timeline, step = opened(lessons["Depthwise: one map per kernel"])
    assert timeline.spec.groups == timeline.spec.channels == 8
    assert timeline.reads == (timeline.map.channel,) and step.value != 0


def test_flatten_names_the_cell_an_element_comes_from(lessons):
    timeline, step = opened(lessons["Flatten unrolls the maps"])
    assert step.kind == "flatten" and step.source == unflat_index(37, (16, 5, 5)) == (1, 2, 2)
    np.testing.assert_equal(step.value, timeline.maps[6][1, 2, 2])
