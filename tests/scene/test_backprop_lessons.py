"""The Backprop page's lessons: which they are, and each opens at a step of the phase that shows its
point, with the engine's numbers (what every lesson needs is checked in test_lessons)."""

import numpy as np
import pytest
from scipy.signal import correlate2d

from convviz.engine import avg_pool2d_backward, conv2d_backward, max_pool2d_backward

from .page_lessons import lessons_of, opened

TITLES = (
    "Max pooling routes the error",
    "Average pooling splits it",
    "The flipped kernel (dL/dX)",
    "Stride inserts zeros",
    "dL/dW is a correlation",
)


@pytest.fixture(scope="module")
def lessons():
    return lessons_of("backprop")


def test_the_backprop_lessons_are_these(lessons):
    assert tuple(lessons) == TITLES


def test_max_pooling_routes_four_overlapping_windows_to_the_one_maximum(lessons):
    timeline, step = opened(lessons["Max pooling routes the error"])
    assert step.phase == "max pool" and step.phase_index == 3  # the last of the four windows
    assert (timeline.pooled == 7).all() and tuple(step.detail.targets[0]) == (2, 2)
    expected = max_pool2d_backward(timeline.activation, timeline.upstream, 3, 2)
    np.testing.assert_array_equal(step.result, expected)
    assert np.count_nonzero(expected) == 1
    assert step.result[2, 2] == pytest.approx(timeline.upstream.sum())  # the four values added
    assert "added to what 3 earlier windows sent there" in step.words


def test_average_pooling_gives_each_cell_a_quarter(lessons):
    timeline, step = opened(lessons["Average pooling splits it"])
    assert step.phase == "avg pool" and len(step.detail.targets) == 4
    np.testing.assert_array_equal(step.detail.shares, np.full(4, timeline.upstream[0, 0] / 4, np.float32))
    expected = avg_pool2d_backward(timeline.activation, timeline.upstream, 2, 2)
    np.testing.assert_array_equal(timeline.step(timeline.phases[0].count - 1).result, expected)


def test_the_gather_view_uses_the_kernel_rotated_180_degrees(lessons):
    timeline, step = opened(lessons["The flipped kernel (dL/dX)"])
    assert step.phase == "dL/dX (gather)"
    kernel = timeline.kernel
    assert not np.array_equal(kernel, kernel[::-1, ::-1])  # so the rotation shows
    np.testing.assert_array_equal(step.detail.window.weights, kernel[::-1, ::-1])
    grad_x = conv2d_backward(timeline.input, kernel, timeline.upstream)[0]
    assert step.detail.window.out_cell == (2, 2) and step.detail.window.value == pytest.approx(grad_x[2, 2])


def test_stride_two_spreads_the_error_with_inserted_zeros(lessons):
    timeline, step = opened(lessons["Stride inserts zeros"])
    assert step.phase == "dL/dX (gather)" and timeline.stride == (2, 2)
    kinds = step.detail.kinds
    assert (kinds == 1).sum() == 5 and (kinds == 0).sum() == 4  # four errors, zeros between them
    assert "5 of its 9 taps read inserted zeros" in step.words
    grad_x = conv2d_backward(timeline.input, timeline.kernel, timeline.upstream, stride=2)[0]
    assert step.detail.folded == pytest.approx(grad_x[step.detail.window.out_cell])


def test_dl_dw_is_the_input_correlated_with_dl_dy(lessons):
    timeline, step = opened(lessons["dL/dW is a correlation"])
    assert step.phase == "dL/dW" and "correlated" in timeline.phase_notes()[0]
    correlation = correlate2d(timeline.input.astype(np.float64), timeline.upstream, mode="valid")
    np.testing.assert_allclose(timeline.grad_weight, correlation, rtol=1e-5, atol=1e-6)
    assert step.detail.value == pytest.approx(correlation[step.detail.out_cell], rel=1e-5)
