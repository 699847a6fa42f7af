"""max_pool2d / avg_pool2d and their backward passes: loop references, hand cases, finite differences."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz.engine import avg_pool2d, avg_pool2d_backward, max_pool2d, max_pool2d_backward

FAST = settings(max_examples=60, deadline=None)


# -------------------------------------------------------------------------------------------------- max pool


@FAST
@given(data=st.data())
def test_max_pool_matches_reference(data, ref):
    """Values and flat indices against the loop reference (padding, dilation, ceil_mode, stride=None)."""
    case = data.draw(ref.pool_cases())
    out, indices = max_pool2d(case["x"], **case["params"], return_indices=True)
    expected, expected_indices = ref.max_pool(case["x"], **case["params"])
    np.testing.assert_array_equal(out, expected)
    np.testing.assert_array_equal(indices, expected_indices)
    assert indices.dtype == np.int64
    np.testing.assert_array_equal(max_pool2d(case["x"], **case["params"]), out)


@FAST
@given(data=st.data())
def test_max_pool_indices_point_at_the_maxima(data, ref):
    """Indices are flat positions in the unpadded H*W plane: gathering x there gives the output."""
    case = data.draw(ref.pool_cases())
    x = case["x"]
    out, indices = max_pool2d(x, **case["params"], return_indices=True)
    n, c, h, w = x.shape
    assert ((indices >= 0) & (indices < h * w)).all()
    gathered = np.take_along_axis(x.reshape(n, c, h * w), indices.reshape(n, c, -1), axis=2)
    np.testing.assert_array_equal(gathered.reshape(out.shape), out)


def test_ties_go_to_the_first_maximum():
    """A constant window reports its top-left cell, and padded cells never win (they are -inf)."""
    x = np.zeros((4, 4))
    _, indices = max_pool2d(x, 2, return_indices=True)
    np.testing.assert_array_equal(indices, [[0, 2], [8, 10]])
    _, indices = max_pool2d(np.full((3, 3), 7.0), 2, stride=1, padding=1, return_indices=True)
    # each window's first in-image cell in row-major order
    np.testing.assert_array_equal(indices, [[0, 0, 1, 2], [0, 0, 1, 2], [3, 3, 4, 5], [6, 6, 7, 8]])
    x = np.array([[1.0, 5.0, 5.0], [5.0, 2.0, 5.0], [0.0, 0.0, 0.0]])
    _, indices = max_pool2d(x, 3, return_indices=True)
    assert indices.item() == 1


def test_padding_is_minus_infinity():
    """All-negative input: zero padding would leak 0 into the border outputs, -inf padding does not."""
    out = max_pool2d(np.full((1, 1, 4, 4), -5.0), 3, stride=1, padding=1)
    np.testing.assert_array_equal(out, np.full((1, 1, 4, 4), -5.0))


def test_dilation_hand_worked():
    """k=2, d=2 on arange(25).reshape(5,5): window (i,j) reads a 3x3 block's corners, max at (i+2, j+2)."""
    x = np.arange(25.0).reshape(5, 5)
    out, indices = max_pool2d(x, 2, stride=1, dilation=2, return_indices=True)
    expected = np.array([[5 * (i + 2) + j + 2 for j in range(3)] for i in range(3)], dtype=float)
    np.testing.assert_array_equal(out, expected)
    np.testing.assert_array_equal(indices, expected.astype(np.int64))


@pytest.mark.parametrize(
    ("size", "kernel", "stride", "padding", "floor_out", "ceil_out"),
    [
        (5, 2, 2, 0, 2, 3),  # ceil((5-2)/2)+1 = 3: the last window holds only row 4
        (4, 3, 2, 1, 2, 3),  # ceil((4+2-3)/2)+1 = 3: last window starts at 3, inside the image
        (2, 3, 3, 1, 1, 1),  # ceil gives 2, but window 2 would start at 3 >= 2+1 (right padding): drop it
        (5, 2, 3, 1, 2, 2),  # ceil gives 3, window 3 would start at 6 >= 5+1: drop it
        (6, 2, 2, 0, 3, 3),  # exact fit: ceil and floor agree
        (7, 3, 2, 1, 4, 4),
    ],
)
def test_ceil_mode_output_sizes(size, kernel, stride, padding, floor_out, ceil_out):
    """Hand-computed PyTorch shapes, including the 'last window must start inside' rule."""
    x = np.random.default_rng(0).standard_normal((1, 1, size, size + 1))
    for ceil_mode, expected in ((False, floor_out), (True, ceil_out)):
        out = max_pool2d(x, kernel, stride, padding, ceil_mode=ceil_mode)
        assert out.shape[2] == expected
        assert avg_pool2d(x, kernel, stride, padding, ceil_mode=ceil_mode).shape[2] == expected


@pytest.mark.parametrize("pool", [max_pool2d, avg_pool2d])
def test_layouts_2d_3d_4d_agree(pool):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((1, 3, 7, 6))
    out4 = pool(x, 3, 2, 1)
    np.testing.assert_array_equal(pool(x[0], 3, 2, 1), out4[0])
    np.testing.assert_array_equal(pool(x[0, 0], 3, 2, 1), out4[0, 0])


@pytest.mark.parametrize("pool", [max_pool2d, avg_pool2d])
def test_float32_stays_float32(pool):
    x = np.random.default_rng(2).standard_normal((2, 2, 6, 6)).astype(np.float32)
    out = pool(x, 2)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, pool(x.astype(np.float64), 2), rtol=1e-6)


def test_infinity_is_a_value_not_an_error():
    x = np.zeros((4, 4))
    x[0, 0] = np.inf
    np.testing.assert_array_equal(max_pool2d(x, 2), [[np.inf, 0], [0, 0]])


# -------------------------------------------------------------------------------------------------- avg pool


@FAST
@given(data=st.data(), count_include_pad=st.booleans())
def test_avg_pool_matches_reference(data, count_include_pad, ref):
    case = data.draw(ref.pool_cases(dilation=False))
    out = avg_pool2d(case["x"], **case["params"], count_include_pad=count_include_pad)
    expected = ref.avg_pool(case["x"], **case["params"], count_include_pad=count_include_pad)
    np.testing.assert_allclose(out, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    ("count_include_pad", "expected"),
    [
        # windows cover padded rows [-1,2), [1,4), [3,5): in-image 2, 3, 1 of padded sizes 3, 3, 2.
        # The ceil_mode cell beyond the padded border (row 5) is not counted.
        (True, [[4 / 9, 6 / 9, 2 / 6], [6 / 9, 9 / 9, 3 / 6], [2 / 6, 3 / 6, 1 / 4]]),
        (False, np.ones((3, 3))),
    ],
)
def test_avg_pool_divisor_hand_worked(count_include_pad, expected):
    """ones(4,4), k=3, s=2, p=1, ceil_mode: the divisor counts padding but not the ceil overhang."""
    out = avg_pool2d(np.ones((4, 4)), 3, 2, 1, ceil_mode=True, count_include_pad=count_include_pad)
    np.testing.assert_allclose(out, expected, rtol=1e-12)


# -------------------------------------------------------------------------------------------------- backward


POOLS = {  # forward, backward, a finite-difference step below the gap between input values
    "max": (max_pool2d, max_pool2d_backward, 0.25),
    "avg": (avg_pool2d, avg_pool2d_backward, 0.5),
}


@FAST
@pytest.mark.parametrize("kind", sorted(POOLS))
@given(data=st.data(), count_include_pad=st.booleans())
def test_pool_backward_matches_finite_differences(kind, data, count_include_pad, ref):
    """With distinct values a unit apart, max pooling is locally linear and average pooling is linear:
    central differences (steps smaller than the gaps between values) are exact."""
    forward, backward, eps = POOLS[kind]
    case = data.draw(ref.pool_cases(dilation=kind == "max"))
    extra = {} if kind == "max" else {"count_include_pad": count_include_pad}
    x, params = case["x"], dict(case["params"], **extra)
    grad_out = np.random.default_rng(0).standard_normal(forward(x, **params).shape)
    grad_x = backward(x, grad_out, **params)
    expected = ref.numerical_grad(lambda v: np.sum(forward(v, **params) * grad_out), x, eps=eps)
    np.testing.assert_allclose(grad_x, expected, rtol=1e-10, atol=1e-10)


@FAST
@given(data=st.data(), count_include_pad=st.booleans())
def test_avg_pool_backward_spreads_grad_over_divisor(data, count_include_pad, ref):
    """Each in-image cell of a window receives grad / divisor, accumulated over overlapping windows."""
    case = data.draw(ref.pool_cases(dilation=False))
    x, params = case["x"], dict(case["params"], count_include_pad=count_include_pad)
    grad_out = np.random.default_rng(2).standard_normal(avg_pool2d(x, **params).shape)
    expected = np.zeros_like(x)
    for (i, j), rows, cols, divisor in ref.avg_pool_windows(x.shape, **params):
        for r in rows:
            for q in cols:
                expected[:, :, r, q] += grad_out[:, :, i, j] / divisor
    np.testing.assert_allclose(avg_pool2d_backward(x, grad_out, **params), expected, rtol=1e-12, atol=1e-12)


def test_max_pool_backward_accumulates_over_overlapping_windows():
    """The shared maximum of four overlapping windows collects all four gradients."""
    x = np.zeros((3, 3))
    x[1, 1] = 9.0
    grad_x = max_pool2d_backward(x, np.array([[1.0, 2.0], [3.0, 4.0]]), 2, stride=1)
    np.testing.assert_array_equal(grad_x, [[0, 0, 0], [0, 10, 0], [0, 0, 0]])


def test_max_pool_backward_routes_ties_to_first_maximum():
    grad_x = max_pool2d_backward(np.ones((2, 4)), np.array([[3.0, 5.0]]), 2)
    np.testing.assert_array_equal(grad_x, [[3, 0, 5, 0], [0, 0, 0, 0]])


@pytest.mark.parametrize("backward", [max_pool2d_backward, avg_pool2d_backward])
def test_backward_keeps_shape_and_dtype(backward):
    x = np.random.default_rng(3).standard_normal((2, 3, 5, 5)).astype(np.float32)
    grad_out = np.ones((2, 3, 3, 3), dtype=np.float32)
    grad_x = backward(x, grad_out, 3, 2, 1)
    assert grad_x.shape == x.shape and grad_x.dtype == np.float32
    grad_2d = backward(x[0, 0], grad_out[0, 0], 3, 2, 1)
    np.testing.assert_array_equal(grad_2d, grad_x[0, 0])


EMPTY_WINDOW = dict(kernel_size=(1, 2), padding=(0, 1), dilation=(1, 2))


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda x: max_pool2d(x, **EMPTY_WINDOW), np.full((1, 1, 3, 1), -np.inf)),
        (lambda x: max_pool2d(x, **EMPTY_WINDOW, return_indices=True)[0], np.full((1, 1, 3, 1), -np.inf)),
        (lambda x: max_pool2d_backward(x, np.ones((1, 1, 3, 1)), **EMPTY_WINDOW), np.zeros((1, 1, 3, 1))),
    ],
    ids=["forward", "forward-indices", "backward"],
)
def test_dilated_window_entirely_in_padding_is_not_a_crash(call, expected):
    """W=1, kernel 2, dilation 2, padding 1: each window's taps sit at columns -1 and 1, both outside.

    PyTorch returns -inf there (and has no in-image cell to send a gradient to); refusing the geometry
    with a ValueError would be fine too.  An IndexError from deep inside the engine is not."""
    try:
        out = call(np.zeros((1, 1, 3, 1)))
    except ValueError as error:
        assert "dilation" in str(error).lower() or "padding" in str(error).lower()
    else:
        np.testing.assert_array_equal(out, expected)
