"""The gradient check: central finite differences in float64 agree with the engine's analytic dL/dW and
dL/dX wherever the chain is smooth, and the entries on a kink (ReLU at 0, a tied maximum) are found and
reported rather than hidden."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from convviz.scene.scenes import BackpropScene
from convviz.scene.upstream import Upstream
from convviz.timeline import NoOutput
from convviz.timeline.backprop import BackpropTimeline
from convviz.timeline.gradient_check import gradient_check

from .backprop_scenes import scene_of, scenes

# values away from 0: a kink needs a sum at exactly 0 or an exact tie, which these seldom make
FLOATS = st.one_of(st.floats(-1, -0.0625, width=32), st.floats(0.0625, 1, width=32))


@settings(max_examples=60, deadline=None)
@given(scenes(elements=FLOATS))
def test_finite_differences_agree_with_the_analytic_gradient(scene):
    try:
        check = gradient_check(scene)
    except NoOutput:
        assume(False)
    kinked = check.kinked_weight.sum() + check.kinked_input.sum()
    assume(kinked <= (check.kinked_weight.size + check.kinked_input.size) // 4)  # mostly smooth: telling
    timeline = BackpropTimeline(scene)
    np.testing.assert_array_equal(check.analytic_weight, timeline.grad_weight)
    np.testing.assert_array_equal(check.analytic_input, timeline.grad_input)
    smooth_w, smooth_x = ~check.kinked_weight, ~check.kinked_input
    # float32 analytic sums of at most a few hundred terms against exact float64 slopes: float32's
    # rounding grows with the sum (99 terms of 0.978 sum to 96.82 and are 1.04e-4 off)
    scale = max(1.0, float(np.abs(check.analytic_weight).max()), float(np.abs(check.analytic_input).max()))
    tolerance = 1e-4 * scale
    np.testing.assert_allclose(
        check.analytic_weight[smooth_w], check.numeric_weight[smooth_w], atol=tolerance
    )
    np.testing.assert_allclose(check.analytic_input[smooth_x], check.numeric_input[smooth_x], atol=tolerance)
    assert check.largest <= tolerance


def test_a_relu_input_at_zero_is_a_kink_and_said_so():
    """z = x: the cell at 0 has slope 1 one way and 0 the other; the analytic gradient takes ReLU'(0) = 0."""
    check = gradient_check(scene_of([[1, 0, -1], [2, 3, -2], [1, 1, 1]], "1"))
    expected = np.zeros((3, 3), dtype=bool)
    expected[0, 1] = True
    np.testing.assert_array_equal(check.kinked_input, expected)
    assert check.analytic_input[0, 1] == 0 and check.numeric_input[0, 1] == pytest.approx(0.5)
    assert check.largest == pytest.approx(0, abs=1e-9) and check.largest_at_kinks == pytest.approx(0.5)
    assert "1 entries sit on a kink" in check.words() and "ReLU'(0) = 0" in check.words()


def test_a_tied_maximum_is_a_kink():
    scene = scene_of([[5, 5, 0], [1, 2, 0], [0, 0, 0]], "1", relu=False, pool="max", window=2, pool_stride=1)
    check = gradient_check(scene.replace(grad=Upstream("onehot", cell=(0, 0))))
    assert check.kinked_input[0, 0] and check.kinked_input[0, 1] and check.kinked_input.sum() == 2
    assert check.analytic_input[0, 0] == 1 and check.analytic_input[0, 1] == 0  # the first maximum


def test_without_kinks_the_words_give_the_largest_difference_only():
    check = gradient_check(scene_of([[0.5, 1.25, 2], [3, 4.5, 5], [6.75, 7, 8]], "1,2;3,4", relu=False))
    assert not check.kinked_weight.any() and not check.kinked_input.any()
    assert check.words().startswith("Largest difference") and "kink" not in check.words()


def test_the_check_is_limited_to_small_inputs():
    gradient_check(BackpropScene(size=(16, 16)))
    with pytest.raises(ValueError, match=r"at most 16x16 cells .* this input is 17x16"):
        gradient_check(BackpropScene(size=(17, 16)))


def test_a_kink_with_equal_one_sided_slopes_is_still_found():
    """Nudging input (14, 10) of this flat-regioned scene pushes ReLU inputs at exactly 0 up on one side
    of sobel_x and down on the other, so both one-sided slopes are 0.6 while the analytic gradient (on
    PyTorch's side of every kink) is 0: the entry is on a kink, found because the nudge changes which
    ReLU inputs are positive, and the largest difference off the kinks is float32 rounding."""
    scene = BackpropScene(size=(16, 16), pool="avg", window=(2, 2), grad=Upstream("random", seed=3))
    check = gradient_check(scene)
    assert check.analytic_input[14, 10] == 0 and check.numeric_input[14, 10] == pytest.approx(0.6)
    assert check.kinked_input[14, 10]
    assert check.largest <= 1e-4
